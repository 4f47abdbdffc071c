/**
 * The e2e set-up of a Slack test file (or describe block) in one call: `const { slack, openrouter,
 * bot } = useSlackBot({ mode, env })` registers the hooks (fake OpenRouter per file or block; fake
 * Slack and bot per test) and returns names that always stand for the running test's instances.
 */
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../fakes/slack.js';
import { OR_KEY, type SlackBot, type SlackMode, startSlackBot } from './slack-harness.js';
import { type BotStart, type UseBotOptions, useBot } from './use-bot.js';

export type { BotStart } from './use-bot.js';

export interface SlackBotOptions extends UseBotOptions<FakeSlack> {
  /** How the bot receives events (default `http`). */
  mode?: SlackMode;
  /** Options of the fake Slack (default: waits time out after 10 s). */
  fake?: FakeSlackOptions;
}

export interface SlackBotHandle {
  readonly slack: FakeSlack;
  readonly openrouter: FakeOpenRouter;
  /** The bot started last in this test. */
  readonly bot: SlackBot;
  readonly logs: string[];
  /** Stops the running bot, if any, and starts one with these options (on top of the file's). */
  start(opts?: BotStart): Promise<SlackBot>;
  stop(): Promise<void>;
}

export function useSlackBot(options: SlackBotOptions = {}): SlackBotHandle {
  const mode = options.mode ?? 'http';
  const { fake, ...rest } = useBot(
    {
      name: 'useSlackBot',
      apiKey: OR_KEY,
      startFake: () => startFakeSlack({ defaultTimeoutMs: 10_000, ...options.fake }),
      startBot: (slack, openrouter, opts) => startSlackBot(slack, openrouter, { mode, ...opts }),
    },
    options,
  );
  return { slack: fake, ...rest };
}
