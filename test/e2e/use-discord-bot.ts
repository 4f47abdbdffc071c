/**
 * The e2e set-up of a Discord test file in one call: `const { discord, openrouter, bot } =
 * useDiscordBot({ env })` registers the hooks (fake OpenRouter per file; fake Discord and bot per test)
 * and returns names that always stand for the running test's instances.
 */
import type { FakeDiscord, FakeDiscordOptions } from '../fakes/discord.js';
import { startFakeDiscord } from '../fakes/discord.js';
import { type Bot, OR_KEY, startBot } from './discord-harness.js';
import { type BotLifecycle, type UseBotOptions, useBot } from './use-bot.js';

export type { BotStart } from './use-bot.js';

export interface DiscordBotOptions extends UseBotOptions<FakeDiscord> {
  /** Options of the fake Discord (default: waits time out after 10 s). */
  fake?: FakeDiscordOptions;
}

/** `discord`, `openrouter` and `bot` are the running test's; `start`/`stop` (re)start the bot. */
export type DiscordBotHandle = Omit<BotLifecycle<FakeDiscord, Bot>, 'fake'> & {
  readonly discord: FakeDiscord;
};

export function useDiscordBot(options: DiscordBotOptions = {}): DiscordBotHandle {
  const { fake, ...rest } = useBot(
    {
      name: 'useDiscordBot',
      apiKey: OR_KEY,
      startFake: () => startFakeDiscord({ defaultTimeoutMs: 10_000, ...options.fake }),
      startBot,
    },
    options,
  );
  return { discord: fake, ...rest };
}
