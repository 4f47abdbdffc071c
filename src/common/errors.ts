/**
 * Typed errors with stable codes. Every error a user can cause or meet carries a `code`
 * (e.g. `OPENROUTER.RATE_LIMITED`, `INPUT.UNSUPPORTED_AUDIO`) and a user-facing message.
 * `toUserMessage` is the single error → chat text mapping; adapters never invent their own.
 */
import { redactSecrets } from './redact.js';

export class SwitchboardError extends Error {
  readonly code: string;
  /** Text safe to show in chat: says what happened and what to do. */
  readonly userMessage: string;

  constructor(code: string, userMessage: string, options?: { cause?: unknown; message?: string }) {
    super(
      options?.message ?? userMessage,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.userMessage = userMessage;
  }
}

/** A problem with what the user typed or attached. */
export class InputError extends SwitchboardError {
  constructor(code: `INPUT.${string}`, userMessage: string, options?: { cause?: unknown }) {
    super(code, userMessage, options);
  }
}

/** The user may not do this (permission, budget, rate limit of ours). */
export class PolicyError extends SwitchboardError {
  constructor(code: `POLICY.${string}`, userMessage: string, options?: { cause?: unknown }) {
    super(code, userMessage, options);
  }
}

export const INTERNAL_ERROR_TEXT =
  'Something went wrong on our side. It has been logged; please try again in a moment.';

/** The one mapping from any thrown value to the text shown in chat. */
export function toUserMessage(err: unknown): string {
  if (err instanceof SwitchboardError) return redactSecrets(err.userMessage);
  return INTERNAL_ERROR_TEXT;
}

/** Stable code for logs ("INTERNAL" for anything untyped). */
export function errorCode(err: unknown): string {
  return err instanceof SwitchboardError ? err.code : 'INTERNAL';
}

const REPORTED = Symbol('reported');

/** Marks an error whose user message was already shown (e.g. in the answer's thread), so nothing shows it twice. */
export function markReported<T>(err: T): T {
  if (typeof err === 'object' && err !== null) (err as Record<symbol, boolean>)[REPORTED] = true;
  return err;
}

export function wasReported(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, boolean>)[REPORTED] === true;
}
