/**
 * Answers per second and interaction ack latency with 1, 2 and 3 real bot processes sharing one Redis
 * (a private redis-server), against the fake Discord and the fake OpenRouter in this process. Each
 * round sends BENCH_COMMANDS /chat commands and BENCH_MENTIONS @mentions at once; every instance gets
 * every event (as from Discord) and the one that claims it answers.
 *  - ack: from the fake dispatching INTERACTION_CREATE to the interaction callback arriving (p50, p99);
 *  - answers/s: events ÷ time from the first event to the last answer finished (all instances' logs).
 * Run: node --import tsx test/bench/several-instances.ts   (or npm run bench:instances)
 */

import { createFleet } from '../e2e/instances-harness.js';
import { startFakeDiscord } from '../fakes/discord.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import { discordBotEnv } from '../helpers/bot-env.js';
import { startRedis } from '../helpers/redis.js';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 100);
const MENTIONS = Number(process.env.BENCH_MENTIONS ?? 100);
const ROUNDS = (process.env.BENCH_INSTANCES ?? '1,2,3').split(',').map(Number);
const KEY = 'sk-or-v1-several-bench-0123456789abcdef';

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function round(instances: number) {
  const redis = await startRedis({ fresh: true });
  if (!redis) throw new Error('needs redis-server on PATH or REDIS_URL');
  const openrouter = await startFakeOpenRouter({ apiKey: KEY, chunkDelayMs: 5 });
  const discord = await startFakeDiscord({ defaultTimeoutMs: 300_000 });
  const fleet = createFleet({
    REDIS_URL: redis.url,
    ...discordBotEnv(discord, openrouter, KEY),
    INSTANCE_COUNT: String(instances),
    // 'answer finished' (counted below) is a debug line for complete answers
    LOG_LEVEL: 'debug',
  });
  try {
    const bots = Array.from({ length: instances }, (_, n) => fleet.start(`i${n}`));
    await Promise.all(bots.map((b) => b.until('discord ready', 120_000)));
    await discord.waitFor(() => discord.gateway.readySessions().length === instances, 60_000);
    const started = Date.now();
    const handles = Array.from({ length: COMMANDS }, (_, n) =>
      discord.slashCommand({ name: 'chat', options: [{ name: 'prompt', type: 3, value: `bench ${n}` }] }),
    );
    for (let n = 0; n < MENTIONS; n++)
      await discord.sendMessage({ content: `bench mention ${n}`, mentionsBot: true });
    await fleet.untilTotal('answer finished', COMMANDS + MENTIONS, 300_000);
    const seconds = (Date.now() - started) / 1000;
    const acks = handles
      .map((h) => {
        const cb = discord.requests.find((r) => r.path.includes(`/interactions/${h.id}/`));
        return cb ? cb.at - h.sentAt : Number.NaN;
      })
      .sort((a, b) => a - b);
    const duplicates = discord.requests.filter((r) => r.code === 40060).length;
    return {
      instances,
      events: COMMANDS + MENTIONS,
      seconds: seconds.toFixed(1),
      answersPerSec: ((COMMANDS + MENTIONS) / seconds).toFixed(1),
      ackP50ms: pct(acks, 50),
      ackP99ms: pct(acks, 99),
      upstreamCalls: openrouter.count('/chat/completions'),
      errors40060: duplicates,
      answeredByEach: bots.map((b) => b.count('answer finished')).join('/'),
    };
  } finally {
    await fleet.close();
    await discord.close();
    await openrouter.close();
    await redis.stop();
  }
}

const rows = [];
for (const n of ROUNDS) rows.push(await round(n));
console.table(rows);
