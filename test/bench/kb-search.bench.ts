/**
 * Notebook search over 10,000 notes with 1,536-dimension vectors (text-embedding-3-small's size):
 * the in-memory cosine top-20 alone, a whole warm `/kb search` (query embedding and rerank are an
 * in-process stand-in for the client, so only our work is timed), and the first search after a
 * restart, which reads and decodes every note from the state store.
 */
import { beforeAll, bench, describe } from 'vitest';
import { createNotebook, type Notebook, type Where } from '../../src/knowledge/notebook.js';
import { VectorIndex } from '../../src/knowledge/vector-index.js';
import type { OpenRouterClient } from '../../src/openrouter/index.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/store.js';

const NOTES = 10_000;
const DIMS = 1_536;
const where: Where = { platform: 'discord', serverId: 'S', channelId: 'C' };

let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31 - 0.5;
};
const vectorFor = new Map<string, number[]>();
const vector = (text: string) => {
  let v = vectorFor.get(text);
  if (!v) {
    v = Array.from({ length: DIMS }, rand);
    vectorFor.set(text, v);
  }
  return v;
};

/** Stands in for the OpenRouter client: fixed vectors per text, rerank keeps the given order. */
const client = {
  createEmbeddings: async (body: { model: string; input: unknown }) => ({
    data: {
      object: 'list' as const,
      model: body.model,
      data: [{ object: 'embedding' as const, index: 0, embedding: vector(String(body.input)) }],
    },
    meta: {},
  }),
  createRerank: async (body: { model: string; documents: unknown[]; top_n?: number }) => ({
    data: {
      model: body.model,
      results: body.documents
        .slice(0, body.top_n ?? 5)
        .map((d, index) => ({ index, relevance_score: 1 - index / 100, document: { text: String(d) } })),
    },
    meta: {},
  }),
} as unknown as Pick<OpenRouterClient, 'createEmbeddings' | 'createRerank'>;

const config = { embeddingModel: 'openai/text-embedding-3-small', rerankModel: 'cohere/rerank-v3.5' };
let store: StateStore;
let warm: Notebook;
const index = new VectorIndex(DIMS, NOTES);
let query: number[];

beforeAll(async () => {
  store = createMemoryStore();
  warm = createNotebook(config, { client, store });
  for (let i = 0; i < NOTES; i++) {
    const text = `Note ${i}: something the team wrote down about topic ${i % 97}.`;
    await warm.add({ ...where, channelId: `C${i % 20}`, authorId: 'u', authorName: 'bench', text });
    index.add(`n${i}`, vector(text));
  }
  query = vector('what did we decide about topic 7?');
  await warm.search(where, 'warm-up');
}, 600_000);

describe(`notebook search over ${NOTES.toLocaleString('en-US')} notes × ${DIMS} dims`, () => {
  bench(
    'cosine top-20 (VectorIndex.topK)',
    () => {
      index.topK(query, 20);
    },
    { time: 2_000, warmupTime: 300 },
  );

  bench(
    'whole /kb search, warm (embed stub → top-20 → rerank stub → top-5)',
    async () => {
      const r = await warm.search(where, 'what did we decide about topic 7?');
      if (r.hits.length !== 5) throw new Error('expected 5 hits');
    },
    { time: 2_000, warmupTime: 300 },
  );

  bench(
    'whole /kb search, one channel of 20 (scope:channel)',
    async () => {
      await warm.search({ ...where, channelId: 'C7' }, 'what did we decide about topic 7?', {
        channelOnly: true,
      });
    },
    { time: 2_000, warmupTime: 300 },
  );

  bench(
    'first search after a restart (load 10,000 notes from the store)',
    async () => {
      const cold = createNotebook(config, { client, store });
      await cold.search(where, 'what did we decide about topic 7?');
    },
    { time: 5_000, warmupTime: 0, iterations: 3 },
  );
});
