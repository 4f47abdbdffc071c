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
  /** Billable calls recorded while the invocation ran, for its one summary log line. */
  usage?: UsageNote[];
  /** Set once the summary line is written: later records (a cost looked up afterwards) log their own line. */
  summarized?: boolean;
}

/** What the summary line says about one billable call. */
export interface UsageNote {
  model?: string;
  generationId?: string;
  tokens?: number;
  /** USD; undefined when the cost is not known. */
  cost?: number;
}

/** The usage fields of the summary line: the last call's model and generation, tokens and cost summed. */
export function usageFields(scope: InvocationScope): Record<string, unknown> {
  const notes = scope.usage ?? [];
  const last = notes.at(-1);
  if (!last) return {};
  const sum = (pick: (n: UsageNote) => number | undefined) =>
    notes.some((n) => pick(n) !== undefined) ? notes.reduce((s, n) => s + (pick(n) ?? 0), 0) : undefined;
  const cost = notes.every((n) => n.cost !== undefined) ? sum((n) => n.cost) : undefined;
  return {
    model: last.model,
    generationId: last.generationId,
    tokens: sum((n) => n.tokens),
    cost,
    ...(notes.length > 1 ? { calls: notes.length } : {}),
  };
}

const storage = new AsyncLocalStorage<InvocationScope>();

export function runInScope<T>(scope: InvocationScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}

/** The scope of the current async chain; undefined for background work started outside any invocation. */
export function currentScope(): InvocationScope | undefined {
  return storage.getStore();
}
