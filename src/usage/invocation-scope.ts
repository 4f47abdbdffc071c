/**
 * What the dispatcher knows about one invocation while it runs (its label, the rules the policy decided,
 * the usage for its summary line), kept beside the invocation object in a WeakMap. The dispatcher binds it
 * before running a command, button or message action; every billable call names the invocation it serves
 * (`CallOptions.invocation`), and the governed client looks the scope up here to attribute spend and apply
 * that place's rules. Passed explicitly: no async context tracking (its hooks on every promise cost CPU).
 */
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

const scopes = new WeakMap<Invocation, InvocationScope>();

/** Binds the scope to its invocation (the dispatcher, before the work runs); gone with the invocation. */
export function bindScope(scope: InvocationScope): InvocationScope {
  scopes.set(scope.invocation, scope);
  return scope;
}

/** The scope of an invocation the dispatcher bound; undefined without one (background work). */
export function scopeOf(invocation: Invocation | undefined): InvocationScope | undefined {
  return invocation ? scopes.get(invocation) : undefined;
}

/**
 * A copy of an invocation with some fields changed (the thread a command opened) that still belongs to the
 * same scope: the calls made for the copy are billed and summed like the original's.
 */
export function deriveInvocation(invocation: Invocation, changes: Partial<Invocation>): Invocation {
  const copy: Invocation = { ...invocation, ...changes };
  const scope = scopes.get(invocation);
  if (scope) scopes.set(copy, scope);
  return copy;
}
