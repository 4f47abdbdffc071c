/**
 * Waiting, lease-keeping mutual exclusion per key across instances, on the store's owner-token locks:
 * callers in this process queue in order (one in-process lock), the head acquires the shared lock
 * (retrying until it is free or its holder's lease ran out), renews the lease while the work runs, and
 * releases it with its token, so a holder whose lease expired can never free its successor's lock.
 */
import { SwitchboardError } from '../common/errors.js';
import { createKeyedLock, type KeyedLock } from './keyed-lock.js';
import type { Locks } from './primitives/contract.js';

export interface LeaseLockConfig {
  /** How long a dead holder keeps the lock. */
  leaseMs?: number;
  /** Pause between two attempts while the lock is held elsewhere. */
  retryMs?: number;
  /** Give up waiting after this long (the caller tells the user). */
  maxWaitMs?: number;
  /** Keeps these locks apart from other users of the store's locks (e.g. `turn:`). */
  prefix?: string;
}

export interface LeaseLockDeps {
  locks: Locks;
  onLeaseLost?(key: string): void;
  onError?(err: unknown): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createLeaseLock(config: LeaseLockConfig, deps: LeaseLockDeps): KeyedLock {
  const leaseMs = config.leaseMs ?? 30_000;
  const retryMs = config.retryMs ?? 50;
  const maxWaitMs = config.maxWaitMs ?? 10 * 60_000;
  const local = createKeyedLock();

  async function acquire(key: string): Promise<string> {
    const until = Date.now() + maxWaitMs;
    for (;;) {
      const token = await deps.locks.acquire(key, leaseMs);
      if (token) return token;
      if (Date.now() > until)
        throw new SwitchboardError(
          'STATE.LOCK_TIMEOUT',
          'This conversation is still busy; try again shortly.',
        );
      await sleep(retryMs);
    }
  }

  return {
    run: (name, work) =>
      local.run(name, async () => {
        const key = (config.prefix ?? '') + name;
        const token = await acquire(key);
        const renew = setInterval(
          () => {
            deps.locks.extend(key, token, leaseMs).then(
              (held) => held || deps.onLeaseLost?.(key),
              (err: unknown) => deps.onError?.(err),
            );
          },
          Math.max(10, Math.floor(leaseMs / 3)),
        );
        renew.unref();
        try {
          return await work();
        } finally {
          clearInterval(renew);
          await deps.locks.release(key, token).catch((err: unknown) => deps.onError?.(err));
        }
      }),
  };
}
