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

/** One pending bounded call: when it is due and how it fails. */
interface Waiter {
  deadline: number;
  expire(): void;
}

/**
 * Every bounded call waits in one set checked by one unref'd interval (ms/10, 10–250 ms) that stops once
 * nothing waits: no timer and three promises fewer per read or write than a timer raced against each call
 * (a state call is made many times per answer). A call fails between `ms` and `ms` + one tick.
 */
const waiting = new Set<Waiter>();
let sweeper: NodeJS.Timeout | undefined;
let tickMs = 0;

function sweep(): void {
  const now = Date.now();
  for (const waiter of waiting)
    if (waiter.deadline <= now) {
      waiting.delete(waiter);
      waiter.expire();
    }
  if (waiting.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function watch(waiter: Waiter, ms: number): void {
  waiting.add(waiter);
  const tick = Math.max(10, Math.min(250, Math.floor(ms / 10)));
  if (sweeper && tickMs <= tick) return;
  clearInterval(sweeper);
  tickMs = tick;
  sweeper = setInterval(sweep, tick);
  sweeper.unref();
}

/** `work` or a StateTimeoutError after `ms` (nothing here keeps the process alive). */
export function withStateTimeout<T>(kind: string, ms: number | undefined, work: Promise<T>): Promise<T> {
  if (!ms) return work;
  return new Promise<T>((resolve, reject) => {
    const waiter: Waiter = {
      deadline: Date.now() + ms,
      expire: () => reject(new StateTimeoutError(kind, ms)),
    };
    watch(waiter, ms);
    // a late failure after the timeout is handled here: never an unhandled rejection
    work.then(
      (value) => {
        waiting.delete(waiter);
        resolve(value);
      },
      (err: unknown) => {
        waiting.delete(waiter);
        reject(err);
      },
    );
  });
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
