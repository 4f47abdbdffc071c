/**
 * Slack on two real bot processes sharing one Redis. HTTP mode behind a "load balancer": 200 events
 * spread over both instances, 50 of them redelivered (X-Slack-Retry-Num) to the other instance at the
 * same moment → 200 answers, none doubled. Socket Mode: one connection per instance, events spread
 * over both connections, redeliveries landing on the other connection → each answered once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type RedisFixture, startRedis } from '../helpers/redis.js';
import { type BotFleet, createFleet } from './instances-harness.js';
import { eventsUrlOf } from './slack-fleet.js';

const KEY = 'sk-or-v1-several-slack-0123456789abcdef';
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let slack: FakeSlack;
let fleet: BotFleet;

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
});
// a Redis per test: each fake Slack numbers its events from the start, so claims must not carry over
beforeEach(async () => {
  const found = await startRedis({ fresh: true });
  if (!found) throw new Error('these tests need redis-server on PATH or REDIS_URL');
  redis = found;
});
afterEach(async () => {
  await fleet?.close();
  await slack?.close();
  await redis?.stop();
});
afterAll(async () => {
  await openrouter?.close();
});

function env(extra: Record<string, string>) {
  return {
    REDIS_URL: redis.url,
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: openrouter.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    STREAM_EDIT_INTERVAL_MS: '1000',
    INSTANCE_COUNT: '2',
    ...extra,
  };
}

/** Events spread over 20 channels (Slack's per-channel post budget would otherwise set the pace). */
const channelOf = (n: number) => `C0SEVERAL${String(n % 20).padStart(2, '0')}`;

function answersTo(channel: string, ts: string, text: string) {
  return slack.messages(channel, ts).filter((m) => m.isBot && m.text.includes(`Echo: ${text}`));
}

describe('Slack on two instances', () => {
  it('HTTP mode: 200 events, 50 redelivered to the other instance at once → 200 answers', async () => {
    slack = await startFakeSlack({ defaultTimeoutMs: 120_000 });
    fleet = createFleet(env({ SLACK_SIGNING_SECRET: slack.signingSecret, SLACK_PORT: '0' }));
    const bots = [fleet.start('a'), fleet.start('b')];
    const urls = await Promise.all(bots.map(eventsUrlOf));
    const before = openrouter.count('/chat/completions');
    const asked = Array.from({ length: 200 }, (_, n) =>
      slack.mention({ text: `event ${n} end`, channel: channelOf(n) }),
    );
    const acks: number[] = [];
    for (let n = 0; n < asked.length; n += 20) {
      const batch = asked.slice(n, n + 20).flatMap((a, i) => {
        const k = n + i;
        const sends = [slack.send(a, { to: urls[k % 2]! })];
        // the redelivery reaches the other instance while the first is still being handled
        if (k < 50) sends.push(slack.send(a, { to: urls[(k + 1) % 2]!, retry: { num: 1 } }));
        return sends;
      });
      for (const results of await Promise.all(batch)) acks.push(...results.map((r) => r.status));
    }
    // a mention in a channel comes as two events (message + app_mention), as Slack sends it
    expect(acks).toHaveLength(500);
    expect(acks.every((s) => s === 200)).toBe(true);
    await fleet.untilTotal('answer finished', 200).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${fleet.outputs()}`);
    });
    expect(await Promise.all(bots.map((b) => b.stop('SIGTERM')))).toEqual([0, 0]);

    for (const [n, a] of asked.entries())
      expect(answersTo(channelOf(n), a.ts ?? '', `event ${n} end`)).toHaveLength(1);
    expect(openrouter.count('/chat/completions') - before).toBe(200);
    for (const bot of bots) expect(bot.count('answer finished')).toBeGreaterThan(0);
  }, 240_000);

  it('Socket Mode: 200 events, 50 redelivered to the other connection → 200 answers, none doubled', async () => {
    slack = await startFakeSlack({ defaultTimeoutMs: 120_000 });
    fleet = createFleet(env({ SLACK_APP_TOKEN: slack.appToken }));
    const bots = [fleet.start('a'), fleet.start('b')];
    await Promise.all(bots.map((b) => b.until('slack ready (socket mode)', 60_000)));
    await slack.waitFor(() => slack.socket.openConnections().length === 2);
    const before = openrouter.count('/chat/completions');
    const asked = Array.from({ length: 200 }, (_, n) =>
      slack.mention({ text: `socket ${n} end`, channel: channelOf(n) }),
    );
    // with two connections taken in turn, each event and its redelivery go to different instances
    await Promise.all(
      asked.flatMap((a, n) =>
        n < 50 ? [slack.send(a), slack.send(a, { retry: { num: 1 } })] : [slack.send(a)],
      ),
    );
    await fleet.untilTotal('answer finished', 200).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${fleet.outputs()}`);
    });
    expect(await Promise.all(bots.map((b) => b.stop('SIGTERM')))).toEqual([0, 0]);
    await slack.waitForSocketsClosed();

    for (const [n, a] of asked.entries())
      expect(answersTo(channelOf(n), a.ts ?? '', `socket ${n} end`)).toHaveLength(1);
    expect(openrouter.count('/chat/completions') - before).toBe(200);
    for (const bot of bots) expect(bot.count('answer finished')).toBeGreaterThan(0);
  }, 240_000);
});
