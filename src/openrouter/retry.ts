/**
 * Retry policy: which failures are retried and how long to wait. Retried: 408/409/429/5xx/524/529
 * and connection errors, before the first streamed byte only (the caller stops retrying once a
 * body is being read). Waits honour `retry-after-ms`, then `retry-after` (seconds or HTTP date),
 * else exponential backoff 0.5 s → 8 s with jitter.
 */
import { OpenRouterError } from './errors.js';

export const INITIAL_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;
/** Server-requested waits longer than this are not honoured: the error is returned instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function shouldRetry(err: unknown, attempt: number, maxRetries: number): boolean {
  if (attempt >= maxRetries) return false;
  return err instanceof OpenRouterError && err.retryable;
}

type HeaderBag = Record<string, string | string[] | undefined>;

function header(headers: HeaderBag | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The wait the server asked for, in ms, or undefined. */
export function retryAfterMs(headers: HeaderBag | undefined, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = header(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: attempt 0 → ~0.5 s, 1 → ~1 s, … capped at 8 s; jitter takes off up to 25%. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

/** How long to wait before retry number `attempt` (0-based), or undefined when the server asks too much. */
export function retryDelayMs(
  attempt: number,
  headers: HeaderBag | undefined,
  random: () => number = Math.random,
  now?: number,
): number | undefined {
  const requested = retryAfterMs(headers, now);
  if (requested === undefined) return backoffMs(attempt, random);
  return requested <= MAX_RETRY_AFTER_MS ? requested : undefined;
}
