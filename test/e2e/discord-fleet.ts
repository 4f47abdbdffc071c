/**
 * The set-up every several-instances Discord test shares: a fresh Redis, the fake OpenRouter and
 * Discord, and N bot processes on them, started and connected (one gateway session each).
 */
import type { GatewaySession } from '../fakes/discord/gateway.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { discordBotEnv } from '../helpers/bot-env.js';
import { type RedisFixture, startRedis } from '../helpers/redis.js';
import { type BotFleet, createFleet } from './instances-harness.js';

export interface DiscordFleet {
  redis: RedisFixture;
  openrouter: FakeOpenRouter;
  discord: FakeDiscord;
  fleet: BotFleet;
  /** One ready gateway session per instance, in the order they became ready. */
  sessions: GatewaySession[];
}

export async function startDiscordFleet(options: {
  key: string;
  instances: string[];
  /** How long the fake Discord's waitFor waits by default. */
  waitMs: number;
  env?: Record<string, string>;
}): Promise<DiscordFleet> {
  const redis = await startRedis({ fresh: true });
  if (!redis) throw new Error('these tests need redis-server on PATH or REDIS_URL');
  const openrouter = await startFakeOpenRouter({ apiKey: options.key });
  const discord = await startFakeDiscord({ defaultTimeoutMs: options.waitMs });
  const fleet = createFleet({
    REDIS_URL: redis.url,
    ...discordBotEnv(discord, openrouter, options.key),
    ...options.env,
  });
  const started = { redis, openrouter, discord, fleet };
  try {
    const bots = options.instances.map((name) => fleet.start(name));
    await Promise.all(bots.map((b) => b.until('discord ready', 60_000)));
    const sessions = await discord.waitFor(() => {
      const ready = discord.gateway.readySessions();
      return ready.length === bots.length ? ready : undefined;
    });
    return { ...started, sessions };
  } catch (err) {
    await closeDiscordFleet(started);
    throw err;
  }
}

export async function closeDiscordFleet(
  f: Partial<Omit<DiscordFleet, 'sessions'>> | undefined,
): Promise<void> {
  await f?.fleet?.close();
  await f?.discord?.close();
  await f?.openrouter?.close();
  await f?.redis?.stop();
}
