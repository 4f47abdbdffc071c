/**
 * The e2e set-up of a Discord test file in one call: `const { discord, openrouter, bot } =
 * useDiscordBot({ env })` registers the hooks (fake OpenRouter per file; fake Discord and bot per test)
 * and returns names that always stand for the running test's instances.
 */
import type { FakeDiscord, FakeDiscordOptions } from '../fakes/discord.js';
import { startFakeDiscord } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import { type Bot, OR_KEY, startBot } from './discord-harness.js';
import { type BotStart, type UseBotOptions, useBot } from './use-bot.js';

export type { BotStart } from './use-bot.js';

export interface DiscordBotOptions extends UseBotOptions<FakeDiscord> {
  /** Options of the fake Discord (default: waits time out after 10 s). */
  fake?: FakeDiscordOptions;
}

export interface DiscordBotHandle {
  readonly discord: FakeDiscord;
  readonly openrouter: FakeOpenRouter;
  /** The bot started last in this test. */
  readonly bot: Bot;
  readonly logs: string[];
  /** Stops the running bot, if any, and starts one with these options (on top of the file's). */
  start(opts?: BotStart): Promise<Bot>;
  stop(): Promise<void>;
}

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
