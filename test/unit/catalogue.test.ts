import { afterEach, describe, expect, it, vi } from 'vitest';
import { createModelCatalogue, matchScore } from '../../src/models/catalogue.js';
import type { Model } from '../../src/openrouter/schemas/models.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { makeModel } from '../fakes/openrouter.js';

/** A hand-written stand-in for the client's listModels: counts calls, can fail or hold. */
function listing(ids: string[]) {
  const state = { calls: 0, fail: false, ids, release: undefined as (() => void) | undefined, hold: false };
  const client = {
    async listModels() {
      state.calls++;
      if (state.hold) await new Promise<void>((r) => (state.release = r));
      if (state.fail) throw new Error('upstream down');
      return {
        data: state.ids.map((id) =>
          makeModel({ id, name: id.split('/')[1] ?? id, contextLength: 1_000 }),
        ) as unknown as Model[],
        meta: {},
      };
    },
  };
  return { state, client };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('model catalogue', () => {
  it('ranks exact id, then prefix, then punctuation-free prefix, then substring, then all words, then subsequence', async () => {
    const { client } = listing([
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'x/mini-gpt-4o',
      'y/g-p-t-4-o',
      'z/other',
    ]);
    const c = createModelCatalogue(client);
    expect((await c.search('openai/gpt-4o')).map((m) => m.id)).toEqual([
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
    ]);
    // a prefix with punctuation ignored (g-p-t-4-o) still beats a match in the middle of a name
    expect((await c.search('gpt-4o')).map((m) => m.id)).toEqual([
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
      'y/g-p-t-4-o',
      'x/mini-gpt-4o',
    ]);
    expect((await c.search('gpt4o')).map((m) => m.id)).toContain('y/g-p-t-4-o');
    expect(await c.search('nothing-like-it')).toEqual([]);
    expect(await c.search('', 2)).toHaveLength(2);
    // every word present (tier 5) ranks below a substring (tier 3) and above a subsequence (tier 6)
    const words = matchScore('MINI openai', {
      id: 'openai/gpt-4o-mini',
      name: 'GPT-4o mini',
      inputModalities: [],
    });
    expect(Math.floor(words ?? -1)).toBe(5);
  });

  it('persists the list in the state store, so a restart starts warm without a call', async () => {
    const store = createMemoryStore();
    const first = listing(['a/one', 'b/two']);
    await createModelCatalogue(first.client, { store }).list();
    expect(first.state.calls).toBe(1);
    const second = listing(['c/three']);
    const warm = createModelCatalogue(second.client, { store });
    expect((await warm.list()).map((m) => m.id)).toEqual(['a/one', 'b/two']);
    expect(second.state.calls).toBe(0);
  });

  it('serves a stale list at once and refreshes it in the background; a failed refresh keeps it', async () => {
    let clock = 1_000;
    const store = createMemoryStore();
    const src = listing(['a/one']);
    const c = createModelCatalogue(src.client, { store, ttlMs: 100, now: () => clock });
    await c.list();
    src.state.ids = ['a/one', 'b/new'];
    src.state.hold = true;
    clock += 500;
    expect((await c.search('')).map((m) => m.id)).toEqual(['a/one']); // stale, but no waiting
    expect(src.state.calls).toBe(2);
    src.state.release?.();
    await vi.waitFor(async () => expect((await c.list()).map((m) => m.id)).toEqual(['a/one', 'b/new']));
    expect((await store.namespace('models').get<{ models: unknown[] }>('catalogue'))?.models).toHaveLength(2);
    src.state.hold = false;
    src.state.fail = true;
    await expect(c.refresh()).rejects.toThrow('upstream down');
    expect((await c.list()).map((m) => m.id)).toEqual(['a/one', 'b/new']);
  });

  it('refreshes on a timer once stale, and stops when closed', async () => {
    vi.useFakeTimers();
    let clock = 0;
    const src = listing(['a/one']);
    const c = createModelCatalogue(src.client, { ttlMs: 1_000, refreshEveryMs: 1_000, now: () => clock });
    await c.list();
    clock = 1_500;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(src.state.calls).toBe(2);
    c.close();
    clock = 5_000;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(src.state.calls).toBe(2);
  });
});
