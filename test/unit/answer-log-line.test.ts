import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { createFakeSurface } from '../fakes/surface.js';
import { createTestApp } from '../helpers/test-app.js';

const KEY = 'sk-or-v1-answer-log-line-0123456789abcdef';
let fake: FakeOpenRouter;
let app: App;
let logs: string[];
/** The JSON log lines so far. */
const lines = () => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  fake = await startFakeOpenRouter({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  logs = [];
  ({ app } = createTestApp(
    { OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: fake.baseUrl, OPENROUTER_MAX_RETRIES: '0' },
    { logs },
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

const INFO = 30;

describe('log lines per answer', () => {
  it('one info line per /chat, with the fields an answer is summed up by', async () => {
    await app.services.catalogue.list();
    fake.queueReply({ text: 'Hi.', usage: { prompt_tokens: 5, completion_tokens: 3, cost: 0.25 } });
    logs.length = 0;
    const outcome = await app.dispatcher.dispatchCommand(inv, { prompt: 'hello' }, createFakeSurface());
    expect(outcome).toMatchObject({ ok: true });
    const info = lines().filter((l) => (l.level as number) >= INFO);
    expect(info.map((l) => l.msg)).toEqual(['command done']);
    expect(info[0]).toMatchObject({
      platform: 'test',
      command: 'chat',
      user: 'U1',
      outcome: 'ok',
      tokens: 8,
      cost: 0.25,
    });
    expect(info[0]?.model).toEqual(expect.any(String));
    expect(info[0]?.generationId).toEqual(expect.any(String));
    expect(info[0]?.durationMs).toEqual(expect.any(Number));
    // the ledger's line is still there for debugging
    expect(lines().some((l) => l.msg === 'usage recorded' && (l.level as number) < INFO)).toBe(true);
  });

  it('two people answered at once: each summary line and ledger entry is that person’s own', async () => {
    await app.services.catalogue.list();
    // both streams wait after their first chunk until both have started: their calls interleave
    fake.queueReply({
      text: 'First.',
      hold: true,
      usage: { prompt_tokens: 5, completion_tokens: 3, cost: 0.25 },
    });
    fake.queueReply({
      text: 'Second.',
      hold: true,
      usage: { prompt_tokens: 7, completion_tokens: 4, cost: 0.5 },
    });
    logs.length = 0;
    const ask = (id: string) =>
      app.dispatcher.dispatchCommand(
        { ...inv, user: { id, name: id, isAdmin: false }, threadId: `T-${id}` },
        { prompt: `hello from ${id}` },
        createFakeSurface(),
      );
    const outcomes = Promise.all([ask('U1'), ask('U2')]);
    await fake.waitForRequest(() => fake.requests.filter((r) => r.path === '/chat/completions').length === 2);
    fake.releaseHeld();
    expect(await outcomes).toMatchObject([{ ok: true }, { ok: true }]);
    await app.services.governance.idle();
    const entries = await app.services.governance.ledger.list({ platform: 'test', serverId: 'G1' }, 'day');
    expect(entries.map((e) => e.userId).sort()).toEqual(['U1', 'U2']);
    const done = lines().filter((l) => l.msg === 'command done');
    expect(done.map((l) => l.user).sort()).toEqual(['U1', 'U2']);
    for (const line of done) {
      const own = entries.find((e) => e.userId === line.user);
      // the line sums only its own invocation's call: one call, its generation, tokens and cost
      expect(line).toMatchObject({
        generationId: own?.generationId,
        cost: own?.cost,
        tokens: own?.totalTokens,
      });
      expect(line.calls).toBeUndefined();
    }
    expect(new Set(done.map((l) => l.cost))).toEqual(new Set([0.25, 0.5]));
  });

  it('a call recorded after its command finished logs its own info line', async () => {
    const { ledger } = app.services.governance;
    await ledger.record({
      platform: 'test',
      channelId: 'C1',
      userId: 'U1',
      command: 'system',
      kind: 'chat',
      cost: 0.1,
      costKnown: true,
    });
    expect(
      lines()
        .filter((l) => l.msg === 'usage recorded')
        .map((l) => l.level),
    ).toEqual([INFO]);
  });
});
