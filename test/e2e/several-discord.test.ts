/**
 * Three real bot processes logged in with one token, sharing one Redis. The fake gateway sends every
 * message and interaction to every session (as Discord does); each must be answered exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { RedisFixture } from '../helpers/redis.js';
import { closeDiscordFleet, startDiscordFleet } from './discord-fleet.js';
import type { BotFleet } from './instances-harness.js';

const KEY = 'sk-or-v1-several-discord-0123456789abcdef';
const MENTIONS = 100;
const COMMANDS = 100;
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
let fleet: BotFleet;

beforeAll(async () => {
  ({ redis, openrouter, discord, fleet } = await startDiscordFleet({
    key: KEY,
    instances: ['a', 'b', 'c'],
    waitMs: 60_000,
    env: {
      STREAM_EDIT_INTERVAL_MS: '200',
      INSTANCE_COUNT: '3',
    },
  }));
}, 90_000);

afterAll(() => closeDiscordFleet({ fleet, discord, openrouter, redis }));

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
        const shown = botMessages().map((m) => m.content);
        const missing = [
          ...Array.from({ length: MENTIONS }, (_, n) => `mention ${n} end`),
          ...Array.from({ length: COMMANDS }, (_, n) => `slash ${n} end`),
        ].filter((q) => !botMessages().some((m) => finished(m) && m.content.includes(`Echo: ${q}`)));
        const partial = missing.map((q) => `${q}: ${shown.filter((c) => c.includes(q)).length} shown`);
        const errors = fleet.bots.flatMap((b) =>
          b
            .output()
            .split('\n')
            .filter((l) => l.includes('"level":50')),
        );
        throw new Error(
          `${String(err)}\nnot finished: ${partial.join('; ')}\nerrors:\n${errors.join('\n')}\n${fleet.outputs()}`,
        );
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
