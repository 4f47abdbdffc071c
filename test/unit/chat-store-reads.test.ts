import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import type { IncomingMessage } from '../../src/chat/incoming-message.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { periodKey } from '../../src/usage/periods.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { createFakeSurface } from '../fakes/surface.js';
import { type CountingStore, countingStore } from '../helpers/counting-store.js';
import { createTestApp } from '../helpers/test-app.js';

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
  ({ app } = createTestApp(
    { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.baseUrl, OPENROUTER_MAX_RETRIES: '0' },
    { store },
  ));
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

/** A Slack @mention as the Slack adapter hands it over: claimed under its event id in `slack-events`. */
function mention(eventId: string): IncomingMessage {
  return {
    platform: 'slack',
    serverId: 'T1',
    channelId: 'C1',
    requestId: eventId,
    authorId: 'U1',
    author: () => inv.user,
    text: 'hello',
    attachments: [],
    mentioned: true,
    claim: () => store.namespace('slack-events').add(eventId, 1, 15 * 60 * 1000),
  };
}

const month = () => periodKey('month', Date.now());

/** What every answer does once the user is known (membership recorded, old spend migrated). */
const PER_ANSWER = {
  'governance.get': 1,
  'settings.get': 3,
  'conversations.get': 3,
  'conversations.set': 2,
  // no budget anywhere: nothing reserved, the cost lands on all 6 spend counters in one step
  'atomic.counters.add': 1,
  'generations.set': 1,
  // (on Redis the running stream is also registered so any instance can stop it: 2 more)
};

describe('store operations per answer (reads and writes, atomic primitives included)', () => {
  it('one /chat: 12 operations, spend counters included', async () => {
    await app.services.catalogue.list();
    await chatOnce('hello');
    // the first answer also records the member and migrates old spend once (5 more)
    expect(store.total()).toBe(17);
    await chatOnce('again');
    expect(Object.fromEntries(store.calls)).toEqual({ ...PER_ANSWER, [`usage.test.G1.${month()}.set`]: 1 });
    expect(store.total()).toBe(12);
  });

  it('with budgets at every level: one counter read, one reservation, one settle', async () => {
    const where = { platform: 'test', serverId: 'G1' };
    await app.services.governance.settings.update(where, (g) => ({
      ...g,
      budgets: {
        user: { day: 5, month: 50 },
        users: {},
        channels: { C1: { day: 4, month: 40 } },
        server: { day: 10, month: 100 },
      },
    }));
    await chatOnce('hello');
    await chatOnce('again');
    const { 'atomic.counters.add': _, ...rest } = PER_ANSWER;
    expect(Object.fromEntries(store.calls)).toEqual({
      ...rest,
      'atomic.counters.read': 1,
      'atomic.reservations.reserve': 1,
      'atomic.reservations.settle': 1,
      [`usage.test.G1.${month()}.set`]: 1,
    });
    expect(store.total()).toBe(14);
  });

  it('with no budget the spend still lands on every counter, so a budget set later sees it', async () => {
    await chatOnce('hello');
    await chatOnce('again');
    const where = { platform: 'test', serverId: 'G1', channelId: 'C1', userId: 'U1' };
    const spent = (await app.services.governance.ledger.list(where, 'day')).reduce(
      (sum, entry) => sum + (entry.costMicros ?? 0),
      0,
    );
    expect(spent).toBeGreaterThan(0);
    const { spend } = app.services.governance.ledger;
    for (const scope of ['user', 'channel', 'server'] as const)
      for (const period of ['day', 'month'] as const)
        expect(await spend.getMicros(where, scope, period, Date.now())).toBe(spent);
  });

  it('one Slack mention: 13 operations, the event dedupe included', async () => {
    await app.services.catalogue.list();
    const surface = createFakeSurface({ platform: 'slack' });
    const replies = { here: surface, openThread: async () => ({ threadId: '1.2', surface }) };
    store.reset();
    await app.messages.handle(mention('Ev1'), replies);
    expect(surface.visibleText()).toMatch(/\S/);
    expect(store.total()).toBe(18);
    store.reset();
    await app.messages.handle(mention('Ev2'), replies);
    expect(Object.fromEntries(store.calls)).toEqual({
      ...PER_ANSWER,
      'slack-events.add': 1,
      [`usage.slack.T1.${month()}.set`]: 1,
    });
    expect(store.total()).toBe(13);
  });
});
