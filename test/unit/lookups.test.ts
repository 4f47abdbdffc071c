import { describe, expect, it } from 'vitest';
import { normalize, VectorIndex } from '../../src/knowledge/vector-index.js';
import { perMillion, priceLine, tokens } from '../../src/lookups/format.js';
import { refine, serverFilters } from '../../src/lookups/model-search.js';
import { createPager, PAGE_TTL_MS, parsePageValue, renderPage } from '../../src/lookups/pager.js';
import type { Model } from '../../src/openrouter/schemas/models.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { makeModel } from '../fakes/openrouter.js';

describe('lookup formatting', () => {
  it('shows per-token prices per million and token counts compactly', () => {
    expect(perMillion('0.00000015')).toBe('$0.15');
    expect(perMillion('0.000015')).toBe('$15');
    expect(perMillion('0.00000002')).toBe('$0.02');
    expect(perMillion('0.0000000012')).toBe('$0.0012');
    expect(perMillion('0')).toBe('free');
    expect(perMillion('-1')).toBe('varies');
    expect(perMillion(undefined)).toBeUndefined();
    expect(priceLine({ prompt: '0.000003', completion: '0.000015' })).toBe('$3 in · $15 out /M');
    expect(priceLine({ prompt: '0', completion: '0' })).toBe('free');
    expect(tokens(128_000)).toBe('128K');
    expect(tokens(131_072)).toBe('131.1K');
    expect(tokens(1_048_576)).toBe('1.05M');
    expect(tokens(2_000_000)).toBe('2M');
    expect(tokens(900)).toBe('900');
  });
});

const models = [
  makeModel({
    id: 'openai/gpt-4o-mini',
    name: 'GPT-4o mini',
    contextLength: 128_000,
    input: ['text', 'image'],
  }),
  makeModel({
    id: 'anthropic/claude-sonnet-4',
    name: 'Claude Sonnet 4',
    contextLength: 200_000,
    prompt: '0.000003',
    reasoning: true,
  }),
  makeModel({ id: 'meta/llama-8b', name: 'Llama 8B', contextLength: 8_000, prompt: '0.00000002' }),
] as unknown as Model[];
const ids = (list: Model[]) => list.map((m) => m.id);

describe('model search', () => {
  it('sends the filters GET /models knows (all outputs unless told)', () => {
    expect(
      serverFilters({
        query: 'x',
        input: 'image',
        supports: ['tools', 'reasoning'],
        maxPrice: 1,
        minContext: 5,
        sort: 'newest',
      }),
    ).toEqual({
      output_modalities: 'all',
      input_modalities: 'image',
      supported_parameters: 'tools,reasoning',
      max_price: 1,
      context: 5,
      sort: 'newest',
    });
  });

  it('filters again locally, matches fuzzily and orders by price or context', () => {
    expect(ids(refine(models, { query: 'zzz' }))).toEqual([]);
    expect(ids(refine(models, { query: 'sonet 4' }))).toEqual(['anthropic/claude-sonnet-4']);
    expect(ids(refine(models, { query: 'sonnet' }))).toEqual(['anthropic/claude-sonnet-4']);
    expect(ids(refine(models, { query: 'gpt4o' }))).toEqual(['openai/gpt-4o-mini']);
    expect(ids(refine(models, { input: 'image' }))).toEqual(['openai/gpt-4o-mini']);
    expect(ids(refine(models, { supports: ['reasoning'] }))).toEqual(['anthropic/claude-sonnet-4']);
    expect(ids(refine(models, { maxPrice: 0.5, minContext: 10_000 }))).toEqual(['openai/gpt-4o-mini']);
    expect(ids(refine(models, { sort: 'pricing-low-to-high' }))).toEqual([
      'meta/llama-8b',
      'openai/gpt-4o-mini',
      'anthropic/claude-sonnet-4',
    ]);
    expect(ids(refine(models, { sort: 'context-high-to-low' }))[0]).toBe('anthropic/claude-sonnet-4');
    // orders only the server knows keep the server's order
    expect(ids(refine(models, { sort: 'most-popular' }))).toEqual(ids(models));
  });
});

describe('pager', () => {
  const view = {
    title: 'Things',
    lines: Array.from({ length: 23 }, (_, i) => `line ${i}`),
    note: '23 things',
  };

  it('renders pages with only the buttons that lead somewhere', () => {
    const first = renderPage(view, 0, 'ref1');
    expect(first.cards?.[0]?.description?.split('\n')).toHaveLength(10);
    expect(first.cards?.[0]?.footer).toBe('Page 1 of 3 · 23 things');
    expect(first.buttons?.map((b) => `${b.action}:${b.value}`)).toEqual(['page:ref1:1']);
    expect(renderPage(view, 1, 'ref1').buttons?.map((b) => b.value)).toEqual(['ref1:0', 'ref1:2']);
    const last = renderPage(view, 99, 'ref1');
    expect(last.cards?.[0]?.description).toBe('line 20\nline 21\nline 22');
    expect(last.buttons?.map((b) => b.value)).toEqual(['ref1:1']);
    expect(renderPage({ title: 'None', lines: [], empty: 'Nothing here.' }, 0).cards?.[0]?.description).toBe(
      'Nothing here.',
    );
    const header = { title: 'Header' };
    const fields = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    const paged = renderPage({ title: 'Fields', header, fields }, 1, 'r');
    expect(paged.cards?.map((c) => c.title)).toEqual(['Header', 'Fields']);
    expect(paged.cards?.[1]?.fields?.map((f) => f.name)).toEqual(['f6', 'f7']);
  });

  it('stores multi-page views for a day under a short ref; single pages are not stored', async () => {
    const store = createMemoryStore();
    const pager = createPager(store);
    const single = await pager.open({ title: 'One', lines: ['a'] });
    expect(single.buttons).toEqual([]);
    const entries = async () => {
      const out: unknown[] = [];
      for await (const e of store.namespace('pages').entries()) out.push(e);
      return out;
    };
    expect(await entries()).toHaveLength(0);
    const opened = await pager.open(view);
    const value = opened.buttons?.[0]?.value as string;
    expect(`page:${value}`.length).toBeLessThanOrEqual(80);
    const { ref, index } = parsePageValue(value);
    expect((await pager.page(ref, index)).cards?.[0]?.description).toContain('line 10');
    await expect(pager.page('missing', 0)).rejects.toMatchObject({ code: 'INPUT.PAGE_EXPIRED' });
    expect(() => parsePageValue('garbage')).toThrow(/no longer does anything/);
    expect(PAGE_TTL_MS).toBe(86_400_000);
  });
});

describe('vector index', () => {
  it('finds the same top-k as brute force, best first, and honours a filter', () => {
    const dims = 24;
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    const vectors = Array.from({ length: 300 }, () => Array.from({ length: dims }, rand));
    const index = new VectorIndex(dims, 4);
    for (const [i, v] of vectors.entries()) index.add(`n${i}`, v);
    const query = Array.from({ length: dims }, rand);
    const q = normalize(query);
    const cos = (v: number[]) => normalize(v).reduce((s, x, i) => s + x * (q[i] as number), 0);
    const brute = vectors.map((v, i) => ({ id: `n${i}`, score: cos(v) })).sort((a, b) => b.score - a.score);
    const top = index.topK(query, 10);
    expect(top.map((t) => t.id)).toEqual(brute.slice(0, 10).map((b) => b.id));
    expect(top[0]?.score).toBeCloseTo(brute[0]?.score as number, 5);
    const even = index.topK(query, 5, (id) => Number(id.slice(1)) % 2 === 0);
    expect(even.map((t) => t.id)).toEqual(
      brute
        .filter((b) => Number(b.id.slice(1)) % 2 === 0)
        .slice(0, 5)
        .map((b) => b.id),
    );
  });

  it('removes by moving the last vector into the gap, and replaces in place', () => {
    const index = new VectorIndex(2);
    index.add('a', [1, 0]);
    index.add('b', [0, 1]);
    index.add('c', [1, 1]);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
    expect(index.size).toBe(2);
    expect(index.topK([1, 0], 1)[0]?.id).toBe('c');
    index.add('b', [1, 0]);
    expect(index.size).toBe(2);
    expect(index.topK([1, 0], 1)[0]).toEqual({ id: 'b', score: 1 });
    expect(() => index.add('d', [1, 2, 3])).toThrow(RangeError);
    expect(index.topK([1, 2, 3], 3)).toEqual([]);
  });
});
