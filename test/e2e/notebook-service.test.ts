/**
 * The notebook service with the real OpenRouter client against the fake (deterministic embeddings,
 * word-overlap rerank) over real stores: channel scoping, one notebook per server or DM, persistence
 * across instances (SQLite), another instance's writes seen, and notes of another embedding model.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotebook, type Where } from '../../src/knowledge/notebook.js';
import {
  createOpenRouterClient,
  DEFAULT_CLIENT_TIMEOUTS,
  type OpenRouterClient,
} from '../../src/openrouter/index.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { createRedisStore } from '../../src/state/redis-store.js';
import { createSqliteStore } from '../../src/state/sqlite-store.js';
import type { StateStore } from '../../src/state/store.js';
import { startRedis } from '../helpers/redis.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';

const openrouter = useFakeOpenRouter();
let client: OpenRouterClient;

beforeAll(() => {
  client = createOpenRouterClient({
    ...DEFAULT_CLIENT_TIMEOUTS,
    baseUrl: openrouter.baseUrl,
    apiKey: 'sk-or-v1-test',
    maxRetries: 0,
  });
});
afterAll(async () => {
  await client.close();
});

const models = { embeddingModel: 'openai/text-embedding-3-small', rerankModel: 'cohere/rerank-v3.5' };
const inA: Where = { platform: 'discord', serverId: 'S1', channelId: 'A' };
const inB: Where = { platform: 'discord', serverId: 'S1', channelId: 'B' };
const dm: Where = { platform: 'discord', channelId: 'DM1' };
const by = { authorId: 'u1', authorName: 'alice' };

/** The store as one instance sees it, its first note write held until `release()`. */
function holdFirstNoteWrite(store: StateStore) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let entered: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let first = true;
  const held: StateStore = {
    kind: store.kind,
    atomic: store.atomic,
    close: () => store.close(),
    namespace(name) {
      const ns = store.namespace(name);
      if (!name.startsWith('kb-discord')) return ns;
      return {
        ...ns,
        async set(key, value, ttl) {
          if (first) {
            first = false;
            entered();
            await gate;
          }
          return ns.set(key, value, ttl);
        },
      };
    },
  };
  return { store: held, entered: reached, release };
}

describe('notebook service', () => {
  it('searches a server’s notes, or only one channel’s; a DM has its own notebook', async () => {
    const nb = createNotebook(models, { client, store: createMemoryStore() });
    await nb.add({ ...inA, ...by, text: 'The VPN address is vpn.example.com' });
    await nb.add({ ...inB, ...by, text: 'The VPN needs a hardware key' });
    await nb.add({ ...dm, ...by, text: 'My own VPN reminder' });
    const server = await nb.search(inA, 'vpn');
    expect(server.searched).toBe(2);
    expect(server.hits.map((h) => h.note.channelId).sort()).toEqual(['A', 'B']);
    expect(server.reranked).toBe(true);
    const channel = await nb.search(inA, 'vpn', { channelOnly: true });
    expect(channel.searched).toBe(1);
    expect(channel.hits.map((h) => h.note.text)).toEqual(['The VPN address is vpn.example.com']);
    const own = await nb.search(dm, 'vpn');
    expect(own.hits.map((h) => h.note.text)).toEqual(['My own VPN reminder']);
    expect(await nb.forgetChannel(inB)).toBe(1);
    expect((await nb.search(inA, 'vpn')).searched).toBe(1);
  });

  it('persists notes and vectors (SQLite); a second instance sees them and the first sees its writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    try {
      const store = await createSqliteStore({ dataDir: dir });
      const one = createNotebook(models, { client, store });
      const note = await one.add({ ...inA, ...by, text: 'Invoices are due on the first Monday' });
      expect((await one.search(inA, 'invoices due')).hits[0]?.note.id).toBe(note.id);
      const two = createNotebook(models, { client, store });
      expect((await two.search(inA, 'invoices due')).hits[0]?.note).toEqual(note);
      await two.add({ ...inA, ...by, text: 'Expense reports go to finance' });
      const again = await one.search(inA, 'expense reports');
      expect(again.searched).toBe(2);
      expect(again.hits[0]?.note.text).toBe('Expense reports go to finance');
      await two.setLink(inA, note.id, 'https://discord.com/channels/S1/A/42', '42');
      expect((await one.get(inA, note.id))?.link).toBe('https://discord.com/channels/S1/A/42');
      expect(await one.forget(inA, note.id)).toBe(true);
      expect((await two.search(inA, 'invoices')).searched).toBe(1);
      await store.close();
      const reopened = await createSqliteStore({ dataDir: dir });
      expect(
        (await createNotebook(models, { client, store: reopened }).search(inA, 'expense')).searched,
      ).toBe(1);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays coherent when another instance writes while this one is writing (version counter)', async () => {
    const redis = await startRedis({ fresh: true });
    if (!redis) throw new Error('this test needs redis-server on PATH or REDIS_URL');
    const stores = [
      await createRedisStore({ redisUrl: redis.url }),
      await createRedisStore({ redisUrl: redis.url }),
    ];
    try {
      const held = holdFirstNoteWrite(stores[0]!);
      const one = createNotebook(models, { client, store: held.store });
      const two = createNotebook(models, { client, store: stores[1]! });
      await two.add({ ...inA, ...by, text: 'first note' });
      expect((await one.search(inA, 'note')).searched).toBe(1);
      // one's write is held after it read the version; two writes meanwhile; then one's write lands
      const writing = one.add({ ...inA, ...by, text: 'note from one' });
      await held.entered;
      await two.add({ ...inA, ...by, text: 'note from two' });
      held.release();
      await writing;
      expect((await one.search(inA, 'note')).searched).toBe(3);
      expect((await two.search(inA, 'note')).searched).toBe(3);
    } finally {
      for (const store of stores) await store.close();
      await redis.stop();
    }
  });

  it('compares only notes embedded with the configured model, and explains embedding failures', async () => {
    const store = createMemoryStore();
    await createNotebook(models, { client, store }).add({ ...inA, ...by, text: 'Old model note' });
    const other = createNotebook({ ...models, embeddingModel: 'acme/embed-2' }, { client, store });
    expect(await other.search(inA, 'note')).toMatchObject({ searched: 0, hits: [] });
    openrouter.injectFault({ kind: 'status', status: 404 }, { path: '/embeddings' });
    await expect(other.add({ ...inA, ...by, text: 'x' })).rejects.toMatchObject({
      code: 'KB.EMBEDDING_FAILED',
      userMessage: expect.stringContaining('`acme/embed-2` (EMBEDDING_MODEL)'),
    });
    await expect(other.add({ ...inA, ...by, text: '   ' })).rejects.toMatchObject({
      code: 'INPUT.EMPTY_NOTE',
    });
  });
});
