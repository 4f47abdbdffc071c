/**
 * A bound on every state read and write: a Redis that stops answering (frozen, paused, a network that
 * drops packets) or a SQLite file on a hung disk fails the one command with a clear message instead
 * of holding it, and the conversation behind it, forever.
 */
import { SwitchboardError } from '../common/errors.js';

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

/** The same primitives with every call bounded (a method's promise times out like a read or write). */
export function boundedPrimitives<T extends object>(kind: string, ms: number | undefined, primitives: T): T {
  if (!ms) return primitives;
  const out: Record<string, unknown> = {};
  for (const [group, impl] of Object.entries(primitives)) {
    const methods: Record<string, unknown> = {};
    for (const name of Object.keys(impl)) {
      const fn = (impl as Record<string, unknown>)[name];
      methods[name] =
        typeof fn === 'function'
          ? (...args: unknown[]) => {
              const result = (fn as (...a: unknown[]) => unknown).apply(impl, args);
              return result instanceof Promise ? withStateTimeout(kind, ms, result) : result;
            }
          : fn;
    }
    out[group] = methods;
  }
  return out as T;
}
