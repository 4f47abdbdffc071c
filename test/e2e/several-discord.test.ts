/**
 * Three real bot processes logged in with one token, sharing one Redis. The fake gateway sends every
 * message and interaction to every session (as Discord does); each must be answered exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type RedisFixture, startRedis } from '../helpers/redis.js';
import { type BotFleet, createFleet } from './instances-harness.js';

const KEY = 'sk-or-v1-several-discord-0123456789abcdef';
const MENTIONS = 100;
const COMMANDS = 100;
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
let fleet: BotFleet;

beforeAll(async () => {
  const found = await startRedis({ fresh: true });
  if (!found) throw new Error('these tests need redis-server on PATH or REDIS_URL');
  redis = found;
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
  discord = await startFakeDiscord({ defaultTimeoutMs: 60_000 });
  fleet = createFleet({
    REDIS_URL: redis.url,
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: openrouter.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    STREAM_EDIT_INTERVAL_MS: '200',
    INSTANCE_COUNT: '3',
  });
  const bots = ['a', 'b', 'c'].map((name) => fleet.start(name));
  await Promise.all(bots.map((b) => b.until('discord ready', 60_000)));
  await discord.waitFor(() => discord.gateway.readySessions().length === 3);
}, 90_000);

afterAll(async () => {
  await fleet?.close();
  await discord?.close();
  await openrouter?.close();
  await redis?.stop();
});

/** Every bot message in the channel and in every thread. */
function botMessages() {
  const channels = [discord.channelId, ...discord.threads().map((t) => t.id)];
  return channels.flatMap((id) => discord.messages(id)).filter((m) => m.author.id === discord.botUserId);
}

const finished = (m: { content: string; components: unknown[] }) =>
  m.content.includes('Echo: ') && !JSON.stringify(m.components).includes('"Stop"');

describe('three instances on one Discord token', () => {
  it('answer 100 @mentions and 100 /chat exactly once each, with no 40060', async () => {
    for (let n = 0; n < MENTIONS; n++)
      await discord.sendMessage({ content: `mention ${n} end`, mentionsBot: true });
    for (let n = 0; n < COMMANDS; n++)
      discord.slashCommand({ name: 'chat', options: [{ name: 'prompt', type: 3, value: `slash ${n} end` }] });

    await discord
      .waitFor(() => botMessages().filter(finished).length >= MENTIONS + COMMANDS, 120_000)
      .catch((err: unknown) => {
        throw new Error(`${String(err)}\n${fleet.outputs()}`);
      });
    // graceful stop: whatever an instance still had in flight is finished or closed before we count
    expect(await Promise.all(fleet.bots.map((b) => b.stop('SIGTERM')))).toEqual([0, 0, 0]);

    const answers = botMessages().filter((m) => m.content.includes('Echo: '));
    for (let n = 0; n < MENTIONS; n++)
      expect(answers.filter((m) => m.content.includes(`Echo: mention ${n} end`))).toHaveLength(1);
    for (let n = 0; n < COMMANDS; n++)
      expect(answers.filter((m) => m.content.includes(`Echo: slash ${n} end`))).toHaveLength(1);
    expect(answers).toHaveLength(MENTIONS + COMMANDS);
    expect(discord.threads()).toHaveLength(MENTIONS + COMMANDS);
    expect(openrouter.count('/chat/completions')).toBe(MENTIONS + COMMANDS);
    const callbacks = discord.requests.filter((r) => r.path.endsWith('/callback'));
    expect(callbacks).toHaveLength(COMMANDS);
    expect(discord.requests.filter((r) => r.code === 40060)).toHaveLength(0);
    // how the work fell between the instances depends on who claims first (the benchmark reports it)
    expect(fleet.bots.reduce((sum, b) => sum + b.count('answer finished'), 0)).toBe(MENTIONS + COMMANDS);
  }, 180_000);
});
