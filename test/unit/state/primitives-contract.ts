/**
 * The atomic-primitives contract, run against memory, SQLite and Redis. `makeStore` is called twice to get two
 * clients of the same backing data (two SQLite connections to one file, two Redis connections; for memory the
 * same store, since memory is one process). Keys are unique per run, so a shared Redis is safe.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AtomicPrimitives } from '../../../src/state/primitives/contract.js';
import { acquireWaiting } from '../../../src/state/primitives/lock.js';
import type { StateStore } from '../../../src/state/store.js';
import { pollUntil } from './store-contract.js';

export function runPrimitivesContract(
  name: string,
  makeClients: () => Promise<[StateStore, StateStore]>,
): void {
  describe(`atomic primitives contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const key = (label: string) => `${label}-${run}`;
    let stores: StateStore[] = [];
    let a: AtomicPrimitives;
    let b: AtomicPrimitives;

    beforeAll(async () => {
      stores = await makeClients();
      [a, b] = stores.map((store) => store.atomic) as [AtomicPrimitives, AtomicPrimitives];
    });
    afterAll(async () => {
      for (const store of new Set(stores)) await store.close();
    });

    it('2 clients × 1,000 concurrent increments = exactly 2,000', async () => {
      const counter = key('incr');
      const calls = Array.from({ length: 1000 }, () => [a, b]).flat();
      const results = await Promise.all(calls.map((client) => client.counters.increment(counter, 1)));
      expect(await a.counters.read([counter])).toEqual([2000]);
      expect(new Set(results).size).toBe(2000);
    });

    it('adds negative and large integers exactly and refuses fractions', async () => {
      const counter = key('exact');
      await a.counters.increment(counter, 4_000_000_000_123);
      await b.counters.increment(counter, -123);
      expect(await b.counters.read([counter, key('absent')])).toEqual([4_000_000_000_000, 0]);
      await expect(a.counters.increment(counter, 0.5)).rejects.toMatchObject({
        code: 'STATE_PRIMITIVE_ARGUMENT',
      });
    });

    it('a counter created with a TTL starts over once expired', async () => {
      const counter = key('ttl');
      await a.counters.increment(counter, 5, 60);
      await a.counters.increment(counter, 5, 60_000);
      expect(await a.counters.read([counter])).toEqual([10]);
      await pollUntil(async () => (await b.counters.read([counter]))[0] === 0);
      expect(await b.counters.increment(counter, 1)).toBe(1);
    });

    it('a claim is won by exactly one of 50 concurrent callers, and again after its TTL', async () => {
      const claim = key('claim');
      const wins = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).claims.claim(claim, 80)),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      await pollUntil(() => a.claims.claim(claim, 60_000));
      expect(await b.claims.claim(claim, 60_000)).toBe(false);
    });

    it('a lock is never held by two holders at once', async () => {
      const lock = key('lock');
      let holders = 0;
      let maxHolders = 0;
      let entries = 0;
      const worker = async (client: AtomicPrimitives) => {
        for (let round = 0; round < 40; round++) {
          const token = await client.locks.acquire(lock, 10_000);
          if (!token) continue;
          holders++;
          entries++;
          maxHolders = Math.max(maxHolders, holders);
          await client.counters.read([lock]);
          holders--;
          expect(await client.locks.release(lock, token)).toBe(true);
        }
      };
      await Promise.all([a, b, a, b, a, b].map(worker));
      expect(maxHolders).toBe(1);
      expect(entries).toBeGreaterThan(0);
    });

    it('a holder whose lease expired cannot extend or release its successor’s lock', async () => {
      const lock = key('lease');
      const first = await a.locks.acquire(lock, 50);
      expect(first).toBeTypeOf('string');
      expect(await b.locks.acquire(lock, 60_000)).toBeUndefined();
      let second: string | undefined;
      await pollUntil(async () => {
        second = await b.locks.acquire(lock, 60_000);
        return second !== undefined;
      });
      expect(await a.locks.extend(lock, first!, 60_000)).toBe(false);
      expect(await a.locks.release(lock, first!)).toBe(false);
      expect(await a.locks.acquire(lock, 60_000)).toBeUndefined();
      expect(await b.locks.extend(lock, second!, 60_000)).toBe(true);
      expect(await b.locks.release(lock, second!)).toBe(true);
      expect(await b.locks.release(lock, second!)).toBe(false);
      expect(await a.locks.acquire(lock, 60_000)).toBeTypeOf('string');
    });

    it('acquireWaiting gets the lock once its holder releases it', async () => {
      const lock = key('waiting');
      const held = await a.locks.acquire(lock, 60_000);
      const waiting = acquireWaiting(b.locks, lock, 60_000, { waitMs: 10_000, stepMs: 5 });
      expect(await acquireWaiting(b.locks, lock, 60_000, { waitMs: 1 })).toBeUndefined();
      await a.locks.release(lock, held!);
      expect(await waiting).toBeTypeOf('string');
    });

    it('the sliding window admits exactly `limit` hits per window, across clients', async () => {
      const window = key('window');
      const now = 1_000_000;
      const hits = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).windows.hit(window, 5, 1000, now + (i % 3))),
      );
      expect(hits.filter((hit) => hit.allowed)).toHaveLength(5);
      const refused = hits.find((hit) => !hit.allowed);
      expect(refused?.count).toBe(5);
      const late = await a.windows.hit(window, 5, 1000, now + 999);
      expect(late).toMatchObject({ allowed: false, count: 5 });
      expect(late.retryAfterMs).toBe(1);
      const after = await b.windows.hit(window, 5, 1000, now + 1002);
      expect(after.allowed).toBe(true);
      expect(await a.windows.hit(window, 1, 1000, now + 1003)).toMatchObject({ allowed: false });
      expect(await a.windows.forget(window, after.id!)).toBe(true);
      expect(await a.windows.forget(window, after.id!)).toBe(false);
      expect(await b.windows.hit(window, 1, 1000, now + 1003)).toMatchObject({ allowed: true });
    });

    it('reservations never exceed any limit under concurrency and settle exactly once', async () => {
      const user = key('res-user');
      const server = key('res-server');
      const everyone = key('res-all');
      const limits = [
        { key: user, limit: 10_000, ttlMs: 60_000 },
        { key: server, limit: 7_000 },
        { key: everyone, limit: null },
      ];
      const attempts = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).reservations.reserve(70, limits, 60_000)),
      );
      const granted = attempts.flatMap((result) => (result.ok ? [result.reservation] : []));
      expect(granted).toHaveLength(100);
      expect(await a.counters.read([user, server, everyone])).toEqual([7000, 7000, 7000]);
      const refused = attempts.find((result) => !result.ok);
      expect(refused).toMatchObject({ ok: false, key: server, limit: 7_000 });

      const settled = await Promise.all(
        granted.map((reservation, i) =>
          i % 2 ? a.reservations.settle(reservation, 30) : b.reservations.release(reservation),
        ),
      );
      expect(settled.every(Boolean)).toBe(true);
      expect(await b.counters.read([user, server, everyone])).toEqual([1500, 1500, 1500]);
      expect(await a.reservations.settle(granted[1]!, 70)).toBe(false);
      expect(await a.reservations.pending(granted[1]!.id)).toBeUndefined();
      expect(await b.counters.read([user])).toEqual([1500]);
    });

    it('refuses a reservation that does not fit and reports the limit that blocked it', async () => {
      const day = key('day');
      const month = key('month');
      const first = await a.reservations.reserve(
        600,
        [
          { key: day, limit: 1000 },
          { key: month, limit: 5000 },
        ],
        60_000,
      );
      expect(first.ok).toBe(true);
      if (!first.ok) return;
      expect(await b.reservations.pending(first.reservation.id)).toBe(600);
      const second = await b.reservations.reserve(
        500,
        [
          { key: month, limit: 5000 },
          { key: day, limit: 1000 },
        ],
        60_000,
      );
      expect(second).toEqual({ ok: false, key: day, used: 600, limit: 1000 });
      expect(await a.counters.read([day, month])).toEqual([600, 600]);
      expect(await b.reservations.settle(first.reservation, 900)).toBe(true);
      expect(await a.counters.read([day, month])).toEqual([900, 900]);
      const zero = await a.reservations.reserve(0, [{ key: day, limit: 900 }], 60_000);
      expect(zero.ok).toBe(true);
    });
  });
}
