/**
 * The clocks of one download: a stall timer reset by every chunk, a deadline for the whole, and the
 * caller's signal (Stop). Whichever fires aborts the request; the error then says which it was.
 */
import { InputError } from '../common/errors.js';

export const DEFAULT_STALL_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 180_000;

type Reason = 'stall' | 'deadline' | 'stopped';

export interface DownloadTimers {
  signal: AbortSignal;
  /** Progress was made: the stall clock starts again. */
  touch(): void;
  clear(): void;
  /** The error to throw for a failed read or request. */
  explain(err: unknown, what: string): unknown;
  /** The body with the clocks applied; they stop when it ends or the reader leaves. */
  guard(body: AsyncIterable<Uint8Array>, what: string): AsyncIterable<Uint8Array>;
}

export function startTimers(
  policy: { stallMs?: number; deadlineMs?: number },
  parent: AbortSignal | undefined,
): DownloadTimers {
  const stallMs = policy.stallMs ?? DEFAULT_STALL_MS;
  const deadlineMs = policy.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const controller = new AbortController();
  let reason: Reason | undefined;
  const fire = (why: Reason) => {
    reason ??= why;
    controller.abort(new Error(`download ${why}`));
  };
  const onParent = () => fire('stopped');
  if (parent?.aborted) fire('stopped');
  else parent?.addEventListener('abort', onParent, { once: true });
  const deadline = setTimeout(() => fire('deadline'), deadlineMs);
  deadline.unref();
  let stall = setTimeout(() => fire('stall'), stallMs);
  stall.unref();
  const clear = () => {
    clearTimeout(deadline);
    clearTimeout(stall);
    parent?.removeEventListener('abort', onParent);
  };
  const explain = (err: unknown, what: string): unknown => {
    if (err instanceof InputError) return err;
    const secs = (ms: number) => Math.round(ms / 100) / 10;
    if (reason === 'stopped')
      return new InputError('INPUT.DOWNLOAD_STOPPED', `Stopped: the download of ${what} was cancelled.`);
    if (reason === 'stall')
      return new InputError(
        'INPUT.FILE_DOWNLOAD_STALLED',
        `The download of ${what} stalled (no data for ${secs(stallMs)} s), so it was given up. Please try again, or attach the file again.`,
      );
    if (reason === 'deadline')
      return new InputError(
        'INPUT.FILE_DOWNLOAD_TOO_SLOW',
        `The download of ${what} took longer than ${secs(deadlineMs)} s, so it was given up. Please try again, or send a smaller file.`,
      );
    return new InputError(
      'INPUT.FILE_DOWNLOAD_FAILED',
      `Could not download ${what} (the connection to the file host failed). Please try again.`,
      { cause: err },
    );
  };
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(stall);
      stall = setTimeout(() => fire('stall'), stallMs);
      stall.unref();
    },
    clear,
    explain,
    guard(body, what) {
      const touch = this.touch;
      return {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const chunk of body) {
              touch();
              yield chunk;
            }
          } catch (err) {
            throw explain(err, what);
          } finally {
            clear();
          }
        },
      };
    },
  };
}
