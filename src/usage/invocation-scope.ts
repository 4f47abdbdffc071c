/**
 * The invocation a piece of work runs for, carried through async calls with AsyncLocalStorage.
 * The dispatcher sets it around every command, button and message action, so the governed
 * OpenRouter client can attribute spend and apply the server's privacy routing without the
 * chat, voice or video code passing anything along.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Invocation } from '../command-model/command-types.js';
import type { RulesHere } from '../policy/rules-here.js';

export interface InvocationScope {
  invocation: Invocation;
  /** The command label as logged, e.g. `chat`, `config budget`, `button:regenerate`. */
  label: string;
  /** The rules the policy decided for this invocation; the governed client uses them instead of reading again. */
  rules?: RulesHere;
}

const storage = new AsyncLocalStorage<InvocationScope>();

export function runInScope<T>(scope: InvocationScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/** The scope of the current async chain; undefined for background work started outside any invocation. */
export function currentScope(): InvocationScope | undefined {
  return storage.getStore();
}
