/**
 * The e2e set-up of a Slack test file (or describe block) in one call: `const { slack, openrouter,
 * bot } = useSlackBot({ mode, env })` registers the hooks (fake OpenRouter per file or block; fake
 * Slack and bot per test) and returns names that always stand for the running test's instances.
 */
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../fakes/slack.js';
import { OR_KEY, type SlackBot, type SlackMode, startSlackBot } from './slack-harness.js';
import { type BotLifecycle, type UseBotOptions, useBot } from './use-bot.js';

export type { BotStart } from './use-bot.js';

export interface SlackBotOptions extends UseBotOptions<FakeSlack> {
  /** How the bot receives events (default `http`). */
  mode?: SlackMode;
  /** Options of the fake Slack (default: waits time out after 10 s). */
  fake?: FakeSlackOptions;
}

/** `slack`, `openrouter` and `bot` are the running test's; `start`/`stop` (re)start the bot. */
export type SlackBotHandle = Omit<BotLifecycle<FakeSlack, SlackBot>, 'fake'> & { readonly slack: FakeSlack };

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
