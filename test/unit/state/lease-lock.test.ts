/**
 * The waiting lease lock over the store's owner-token locks, with two "instances" (two lease locks on
 * two connections to one Redis, and on one memory store): work on one key never overlaps and runs in
 * turn; a holder that died without releasing delays the next one only until its lease ran out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { KeyedLock } from '../../../src/state/keyed-lock.js';
import { createLeaseLock } from '../../../src/state/lease-lock.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createRedisStore } from '../../../src/state/redis-store.js';
import type { StateStore } from '../../../src/state/store.js';
import { startRedis } from '../../helpers/redis.js';

const redis = await startRedis();
const stores: StateStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  await redis?.stop();
});

async function overlapCount(locks: KeyedLock[], key: string, rounds: number) {
  let inside = 0;
  let overlaps = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: rounds }, (_, n) =>
      locks[n % locks.length]!.run(key, async () => {
        inside += 1;
        if (inside > 1) overlaps += 1;
        order.push(n);
        await new Promise((resolve) => setImmediate(resolve));
        inside -= 1;
      }),
    ),
  );
  return { overlaps, order };
}

const backends: Array<[string, () => Promise<[StateStore, StateStore]>]> = [
  [
    'memory',
    async () => {
      const s = createMemoryStore();
      stores.push(s);
      return [s, s];
    },
  ],
];
if (redis)
  backends.push([
    'redis (two connections)',
    async () => {
      const pair: [StateStore, StateStore] = [
        await createRedisStore({ redisUrl: redis.url }),
        await createRedisStore({ redisUrl: redis.url }),
      ];
      stores.push(...pair);
      return pair;
    },
  ]);

describe.each(backends)('lease lock on %s', (_name, open) => {
  it('never lets two holders in at once, across two instances', async () => {
    const [a, b] = await open();
    const locks = [a, b].map((s) =>
      createLeaseLock({ retryMs: 5, leaseMs: 5_000 }, { locks: s.atomic.locks }),
    );
    const { overlaps, order } = await overlapCount(locks, `k-${randomUUID()}`, 40);
    expect(overlaps).toBe(0);
    expect(order).toHaveLength(40);
  });

  it('takes over from a holder that died once its lease ran out, and keeps a lease renewed', async () => {
    const [a, b] = await open();
    const key = `k-${randomUUID()}`;
    const dead = await a.atomic.locks.acquire(`turn:${key}`, 300);
    expect(dead).toBeDefined();
    const lock = createLeaseLock({ retryMs: 10, leaseMs: 150, prefix: 'turn:' }, { locks: b.atomic.locks });
    let ran = false;
    await lock.run(key, async () => {
      ran = true;
      // the lease is 150 ms; renewed while the work runs, so nobody else gets in meanwhile
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await a.atomic.locks.acquire(`turn:${key}`, 1_000)).toBeUndefined();
    });
    expect(ran).toBe(true);
    // the dead holder's token cannot free the lock now held by nobody / a successor
    expect(await a.atomic.locks.release(`turn:${key}`, dead!)).toBe(false);
  });
});
