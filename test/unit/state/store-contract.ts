/**
 * The StateStore contract, run against every backend (memory, SQLite, Redis).
 * Each test works in namespaces unique to this run, so a shared Redis (REDIS_URL) is safe to use.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateStore } from '../../../src/state/store.js';

export interface ContractOptions {
  /** Expected `kind`. */
  kind: string;
  /** Values survive close + reopen (each makeStore call opens the same backing data). */
  persistent: boolean;
}

/** Polls `check` until it resolves true; fails after `timeoutMs`. */
export async function pollUntil(check: () => Promise<boolean>, timeoutMs = 5000, stepMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

async function collect<T>(iterable: AsyncIterable<[string, T]>): Promise<Map<string, T>> {
  const result = new Map<string, T>();
  for await (const [key, value] of iterable) result.set(key, value);
  return result;
}

export function runStoreContract(
  name: string,
  makeStore: () => Promise<StateStore>,
  options: ContractOptions,
): void {
  describe(`StateStore contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const ns = (label: string) => `${label}-${run}`;
    let store: StateStore;

    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('reports its kind', () => {
      expect(store.kind).toBe(options.kind);
    });

    it('round-trips JSON values', async () => {
      const space = store.namespace(ns('json'));
      const values: Record<string, unknown> = {
        object: { a: 1, nested: { list: [1, 'two', null, true], empty: {} } },
        array: [{ id: 1 }, { id: 2 }],
        text: 'héllo 👋 "quoted" \\ back',
        colon: ':starts-with-colon',
        base64ish: ':base64:aGVsbG8=',
        number: 3.25,
        zero: 0,
        falsy: false,
        nothing: null,
      };
      for (const [key, value] of Object.entries(values)) await space.set(key, value);
      for (const [key, value] of Object.entries(values)) expect(await space.get(key)).toEqual(value);
    });

    it('returns undefined / false for missing keys and overwrites on set', async () => {
      const space = store.namespace(ns('basic'));
      expect(await space.get('missing')).toBeUndefined();
      expect(await space.has('missing')).toBe(false);
      await space.set('k', 1);
      await space.set('k', { v: 2 });
      expect(await space.get('k')).toEqual({ v: 2 });
      expect(await space.has('k')).toBe(true);
    });

    it('delete reports whether something was removed', async () => {
      const space = store.namespace(ns('delete'));
      await space.set('k', 'v');
      expect(await space.delete('k')).toBe(true);
      expect(await space.get('k')).toBeUndefined();
      expect(await space.delete('k')).toBe(false);
    });

    it('add stores only when absent, and exactly one of many concurrent adds wins', async () => {
      const space = store.namespace(ns('add'));
      expect(await space.add('k', 'first')).toBe(true);
      expect(await space.add('k', 'second')).toBe(false);
      expect(await space.get('k')).toBe('first');
      await space.delete('k');
      expect(await space.add('k', 'third')).toBe(true);

      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => space.add('race', i, 60_000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await space.get('race')).toBe(winner);
    });

    it('expires entries after their TTL (get, has, entries, add)', async () => {
      const space = store.namespace(ns('ttl'));
      await space.set('long', 'stays', 60_000);
      await space.set('unread', 'never read before entries()', 50);
      await space.set('short', 'goes', 50);
      expect(await space.add('claim', 'a', 50)).toBe(true);
      expect(await space.get('long')).toBe('stays');
      await pollUntil(async () => (await space.get('short')) === undefined);
      await pollUntil(async () => !(await space.has('claim')));
      expect(await space.has('short')).toBe(false);
      expect(await space.add('claim', 'b', 60_000)).toBe(true);
      expect(await space.get('claim')).toBe('b');
      const entries = await collect(space.entries());
      expect([...entries.keys()].sort()).toEqual(['claim', 'long']);
      expect(await space.get('long')).toBe('stays');
    });

    it('rejects TTLs that are not positive numbers', async () => {
      const space = store.namespace(ns('badttl'));
      await expect(space.set('k', 1, 0)).rejects.toThrow(RangeError);
      await expect(space.set('k', 1, -5)).rejects.toThrow(RangeError);
      await expect(space.add('k', 1, Number.NaN)).rejects.toThrow(RangeError);
      expect(await space.has('k')).toBe(false);
    });

    it('lists every live entry of its own namespace only, keys verbatim', async () => {
      // '_' is a LIKE wildcard and LIKE ignores case: lookalike namespaces must stay invisible.
      const base = ns('li_st');
      const space = store.namespace(base);
      const lookalikes = [`${base}x`, `${base}-more`, base.toUpperCase(), base.replace('_', 'x')];
      for (const other of lookalikes) await store.namespace(other).set('intruder', 'no');
      const keys = ['plain', 'with:colon', '100%', 'under_score', 'Case', 'case', 'sp ace'];
      for (const key of keys) await space.set(key, { key });
      for (let i = 0; i < 230; i++) await space.set(`bulk-${i}`, i);

      const entries = await collect(space.entries<unknown>());
      expect(entries.size).toBe(keys.length + 230);
      for (const key of keys) expect(entries.get(key)).toEqual({ key });
      expect(entries.get('bulk-229')).toBe(229);
      expect(entries.has('intruder')).toBe(false);
    });

    it('namespaces are isolated and clear() only clears its own', async () => {
      const base = ns('cl_ear');
      const mine = store.namespace(base);
      const neighbours = [`${base}x`, base.toUpperCase(), base.replace('_', 'x')].map((n) =>
        store.namespace(n),
      );
      await mine.set('shared-key', 'mine');
      for (const other of neighbours) await other.set('shared-key', 'theirs');
      expect(await mine.get('shared-key')).toBe('mine');

      await mine.clear();
      expect(await mine.get('shared-key')).toBeUndefined();
      expect((await collect(mine.entries())).size).toBe(0);
      for (const other of neighbours) expect(await other.get('shared-key')).toBe('theirs');
    });

    it('rejects namespace names that could overlap others', () => {
      expect(() => store.namespace('a:b')).toThrow(TypeError);
      expect(() => store.namespace('')).toThrow(TypeError);
    });

    it('refuses to work after close (and close is idempotent)', async () => {
      const extra = await makeStore();
      const space = extra.namespace(ns('closed'));
      await extra.close();
      await extra.close();
      await expect(space.get('k')).rejects.toThrow(/closed/);
      await expect(space.set('k', 1)).rejects.toThrow(/closed/);
    });

    if (!options.persistent) return;

    it('add is atomic across two store instances on the same data', async () => {
      const other = await makeStore();
      try {
        const a = store.namespace(ns('claims'));
        const b = other.namespace(ns('claims'));
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).add('job', i, 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await b.get('job')).toBe(results.indexOf(true));
      } finally {
        await other.close();
      }
    });

    it('keeps values across close and reopen', async () => {
      const first = await makeStore();
      await first.namespace(ns('persist')).set('k', { kept: true });
      await first.namespace(ns('persist')).set('gone', 'x', 60_000);
      await first.close();
      const second = await makeStore();
      try {
        expect(await second.namespace(ns('persist')).get('k')).toEqual({ kept: true });
        expect(await second.namespace(ns('persist')).get('gone')).toBe('x');
      } finally {
        await second.close();
      }
    });
  });
}
