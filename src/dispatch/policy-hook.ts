/**
 * The policy hook the dispatcher calls before every command, button and message action (src/policy/
 * implements it: permissions, budgets, rate limits); what it may hand back, and when that is refunded.
 */
import type { CostHint, Invocation, SubcommandDefinition } from '../command-model/command-types.js';
import { errorCode, InputError } from '../common/errors.js';

/** What the policy is asked about: a command, a message action or a button. */
export interface PolicyRequest {
  kind: 'command' | 'action' | 'button';
  /** The name permission rules use: the command (`chat`), or an action's / button's `permission`. */
  name: string;
  subcommand?: string;
  cost: CostHint;
  /** The validated options (commands only). */
  options: Record<string, unknown>;
}

/** What an allowed request may hand back: `refund` undoes what was taken (a rate-limit slot). */
export interface PolicyGrant {
  refund?(): Promise<void>;
}

export type Policy = (
  invocation: Invocation,
  command: SubcommandDefinition,
  request: PolicyRequest,
) => Promise<PolicyGrant | undefined>;

/** Failures the user did not get anything for (bad input, upstream refused): the grant is refunded. */
export async function runGranted(grant: PolicyGrant | undefined, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const code = errorCode(err) ?? '';
    if (err instanceof InputError || code.startsWith('OPENROUTER.'))
      await grant?.refund?.().catch(() => undefined);
    throw err;
  }
}
