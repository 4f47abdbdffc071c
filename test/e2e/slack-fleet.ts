/**
 * The set-up the several-instances Slack tests share: a fresh Redis, the fake OpenRouter and Slack, and
 * a fleet of bot processes configured for them (started by each test: HTTP or Socket Mode differ).
 */
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type RedisFixture, startRedis } from '../helpers/redis.js';
import { type BotFleet, type BotProcess, createFleet } from './instances-harness.js';

export interface SlackFleet {
  redis: RedisFixture;
  openrouter: FakeOpenRouter;
  slack: FakeSlack;
  fleet: BotFleet;
}

export async function startSlackFleet(options: {
  key: string;
  /** How long the fake Slack's waitFor waits by default. */
  waitMs: number;
  /** Mode and anything else: SLACK_APP_TOKEN for Socket Mode, or SLACK_SIGNING_SECRET + SLACK_PORT. */
  env: (slack: FakeSlack) => Record<string, string>;
}): Promise<SlackFleet> {
  const redis = await startRedis({ fresh: true });
  if (!redis) throw new Error('these tests need redis-server on PATH or REDIS_URL');
  const openrouter = await startFakeOpenRouter({ apiKey: options.key });
  const slack = await startFakeSlack({ defaultTimeoutMs: options.waitMs });
  const fleet = createFleet({
    REDIS_URL: redis.url,
    OPENROUTER_API_KEY: options.key,
    OPENROUTER_BASE_URL: openrouter.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_API_URL: slack.apiUrl,
    STREAM_EDIT_INTERVAL_MS: '200',
    INSTANCE_COUNT: '2',
    ...options.env(slack),
  });
  return { redis, openrouter, slack, fleet };
}

export async function closeSlackFleet(f: Partial<SlackFleet> | undefined): Promise<void> {
  await f?.fleet?.close();
  await f?.slack?.close();
  await f?.openrouter?.close();
  await f?.redis?.stop();
}

/** Where an HTTP-mode instance takes events, from its "slack ready (http)" log line. */
export async function eventsUrlOf(bot: BotProcess): Promise<string> {
  await bot.until('slack ready (http)', 60_000);
  const line = bot
    .output()
    .split('\n')
    .find((l) => l.includes('slack ready (http)'));
  return `http://127.0.0.1:${Number(/"port":(\d+)/.exec(line ?? '')?.[1])}/slack/events`;
}
