/**
 * How often one /chat reads the store, counted at the store (a counting wrapper around the memory
 * store), through the app's real registry and dispatcher against the fake OpenRouter. User,
 * channel and server settings are read once per request (one read per scope), not per setting.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../commands/index.js';
import { type App, createApp } from '../../src/app/create-app.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { createFakeSurface } from '../fakes/surface.js';
import { type CountingStore, countingStore } from '../helpers/counting-store.js';

const KEY = 'sk-or-v1-store-reads-0123456789abcdef';
let fake: FakeOpenRouter;
let app: App;
let store: CountingStore;

beforeAll(async () => {
  fake = await startFakeOpenRouter({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  store = countingStore(createMemoryStore());
  const config = loadConfig({
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: fake.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
  });
  app = createApp(config, { registry: createCommandRegistry(), store, logger: pino({ level: 'silent' }) });
});
afterEach(async () => {
  await app.close();
});

const inv: Invocation = {
  platform: 'test',
  command: 'chat',
  user: { id: 'U1', name: 'Ann', isAdmin: false },
  channelId: 'C1',
  serverId: 'G1',
  threadId: 'T1',
};

async function chatOnce(prompt: string) {
  const surface = createFakeSurface();
  store.reset();
  const outcome = await app.dispatcher.dispatchCommand(inv, { prompt }, surface);
  expect(outcome).toMatchObject({ ok: true });
  return surface;
}

describe('store reads per /chat', () => {
  it('reads each settings scope (user, channel, server) once, whatever it looks up', async () => {
    // warm the catalogue so only per-request reads are counted
    await app.services.catalogue.list();
    await chatOnce('hello');
    expect(store.count('settings', 'get')).toBe(3);
  });

  it('still applies the nearest scope: a user model beats the server one, a channel prompt applies', async () => {
    const where = { platform: 'test', userId: 'U1', channelId: 'C1', serverId: 'G1' };
    await app.services.settings.set('server', where, { model: 'openai/gpt-4o' });
    await app.services.settings.set('user', where, { model: 'openai/gpt-4o-mini' });
    await app.services.settings.set('channel', where, { systemPrompt: 'Answer like a pirate.' });
    await app.services.catalogue.list();
    await chatOnce('hello');
    expect(store.count('settings', 'get')).toBe(3);
    const body = fake.requests.find((r) => r.path.endsWith('/chat/completions'))?.body as {
      model: string;
      messages: Array<{ role: string; content: unknown }>;
    };
    expect(body.model).toBe('openai/gpt-4o-mini');
    expect(body.messages[0]).toMatchObject({ role: 'system', content: 'Answer like a pirate.' });
  });
});
