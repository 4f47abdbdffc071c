/**
 * A bound on every state read and write: a Redis that stops answering (frozen, paused, a network that
 * drops packets) or a SQLite file on a hung disk fails the one command with a clear message instead
 * of holding it, and the conversation behind it, forever.
 */
import { SwitchboardError } from '../shared/errors.js';

export class StateTimeoutError extends SwitchboardError {
  constructor(kind: string, ms: number) {
    const hint =
      kind === 'redis'
        ? 'an admin should check the Redis server named by REDIS_URL'
        : 'an admin should check the disk behind DATA_DIR';
    super(
      'STATE.TIMEOUT',
      `The bot's storage is not answering (${kind} gave no reply within ${Math.round(ms / 100) / 10} s). Please try again in a moment; if it keeps happening, ${hint}.`,
      { message: `STATE.TIMEOUT: ${kind} did not answer within ${ms} ms` },
    );
  }
}

/** `work` or a StateTimeoutError after `ms` (the timer never keeps the process alive). */
export function withStateTimeout<T>(kind: string, ms: number | undefined, work: Promise<T>): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StateTimeoutError(kind, ms)), ms);
    timer.unref();
  });
  work.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
