/**
 * A Redis that stops answering (connections stay open, nothing comes back) must not hang the bot:
 * a question asked meanwhile gets a clear message in its thread within the state timeout, and the
 * bot answers again once Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyvStateStore } from '../../src/state/keyv-store.js';
import { createRedisStore } from '../../src/state/redis-store.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type FreezableProxy, startFreezableProxy } from '../helpers/freezable-proxy.js';
import { type RedisFixture, startRedis } from '../helpers/redis.js';
import { answered, isFinished, OR_KEY, type SlackBot, startSlackBot } from './slack-harness.js';

let redis: RedisFixture;
let proxy: FreezableProxy;
let store: KeyvStateStore;
let slack: FakeSlack;
let openrouter: FakeOpenRouter;
let bot: SlackBot;

beforeAll(async () => {
  const fixture = await startRedis();
  if (!fixture) throw new Error('these tests need Redis: set REDIS_URL or install redis-server');
  redis = fixture;
  const target = new URL(redis.url);
  proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port) });
  store = await createRedisStore({ redisUrl: `redis://127.0.0.1:${proxy.port}`, timeoutMs: 400 });
  // the fake numbers its events the same way every run: forget the ones an earlier run saw
  await store.namespace('slack-events').clear();
  openrouter = await startFakeOpenRouter({ apiKey: OR_KEY });
  slack = await startFakeSlack({ defaultTimeoutMs: 10_000 });
  bot = await startSlackBot(slack, openrouter, { mode: 'http', store });
});
afterAll(async () => {
  proxy.thaw();
  await bot.stop();
  await store.close();
  await proxy.close();
  await slack.close();
  await openrouter.close();
  await redis.stop();
});

describe('a Redis that stops answering', () => {
  it('a question asked while Redis is frozen gets a clear message, not silence; then the bot recovers', async () => {
    const before = slack.mention({ text: 'hello while redis works' });
    await bot.send(before);
    expect((await answered(slack, slack.channelId, before.ts)).some(isFinished)).toBe(true);

    proxy.freeze();
    const frozen = slack.mention({ text: 'hello while redis is frozen' });
    await bot.send(frozen);
    const warning = await slack.waitFor(() =>
      [...slack.messages(slack.channelId, frozen.ts), ...slack.messages(slack.channelId)].find(
        (m) => m.isBot && m.text.includes('⚠️'),
      ),
    );
    expect(warning.text).toContain("The bot's storage is not answering");
    expect(warning.text).toContain('REDIS_URL');

    proxy.thaw();
    const after = slack.mention({ text: 'hello after the thaw' });
    await bot.send(after);
    const bots = await slack.waitFor(() =>
      slack.messages(slack.channelId, after.ts).find((m) => isFinished(m) && m.text.includes('Echo:')),
    );
    expect(bots.text).toContain('hello after the thaw');
  });
});
