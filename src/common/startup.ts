/**
 * Start-up failures that an operator fixes: each names the variable to check and says what to do.
 * The composition root prints the message and exits non-zero, like a configuration error.
 */
import { SwitchboardError } from './errors.js';
import { redactSecrets } from './redact.js';

export class StartupError extends SwitchboardError {
  /** The environment variable to look at first (e.g. REDIS_URL). */
  readonly variable: string;
  constructor(code: `STARTUP.${string}`, variable: string, message: string, cause?: unknown) {
    super(code, message, { cause });
    this.variable = variable;
  }
}

/** A short reason from a thrown value (an error code and message), secrets removed. */
export function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return redactSecrets(String(err));
  const code = (err as { code?: unknown }).code;
  const cause =
    err.cause instanceof Error && err.cause.message !== err.message ? `: ${err.cause.message}` : '';
  const text = `${err.message}${cause}`;
  return redactSecrets(typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text);
}

export interface StartupRetryOptions {
  /** Tries in all (at least 1). */
  attempts: number;
  /** First pause between tries; doubles each time, capped at 8 s. */
  baseDelayMs?: number;
  /** Errors that retrying cannot fix (a rejected token): thrown at once. */
  fatal?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `attempt` until it succeeds or the tries run out; the last error is thrown. */
export async function withStartupRetries<T>(
  attempt: () => Promise<T>,
  options: StartupRetryOptions,
): Promise<T> {
  const tries = Math.max(1, options.attempts);
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (n >= tries || options.fatal?.(err)) throw err;
      const delay = startupDelay(n, options.baseDelayMs);
      options.onRetry?.(err, n, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** The pause after the n-th failed try (1-based). */
export function startupDelay(n: number, baseDelayMs = 500): number {
  return Math.min(baseDelayMs * 2 ** (n - 1), 8_000);
}

/** A URL safe to print: password removed. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
