/**
 * The hooks both `useDiscordBot` and `useSlackBot` register: the fake OpenRouter for the file (or the
 * describe block), and for every test a fresh platform fake and a bot, stopped and closed after it.
 */
import { afterEach, beforeEach } from 'vitest';
import type { StateStore } from '../../src/state/store.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import { liveView } from '../helpers/live-view.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';

/** What a test may change when it starts (or restarts) the bot itself. */
export interface BotStart {
  /** Environment on top of the harness defaults and the file's `env`. */
  env?: Record<string, string>;
  store?: StateStore;
  now?: () => number;
}

export interface UseBotOptions<Fake> extends Omit<BotStart, 'store'> {
  /** Collect the bot's log lines (debug level) in `logs`, emptied before every test. */
  logs?: boolean;
  /** Runs before every test once the fakes are up, before the bot starts (seed models, users…). */
  setUp?(fake: Fake, openrouter: FakeOpenRouter): void | Promise<void>;
  /** false: no bot before the test; it calls `start()` itself. */
  autoStart?: boolean;
}

export interface BotLifecycle<Fake, Bot> {
  readonly fake: Fake;
  readonly openrouter: FakeOpenRouter;
  /** The bot started last in this test. */
  readonly bot: Bot;
  readonly logs: string[];
  /** Stops the running bot, if any, and starts one with these options (on top of the file's). */
  start(opts?: BotStart): Promise<Bot>;
  stop(): Promise<void>;
}

interface Platform<Fake, Bot> {
  name: string;
  /** The key the fake OpenRouter takes (the harness's OR_KEY). */
  apiKey: string;
  startFake(): Promise<Fake>;
  startBot(fake: Fake, openrouter: FakeOpenRouter, opts: BotStart & { logs?: string[] }): Promise<Bot>;
}

export function useBot<Fake extends { close(): Promise<void> }, Bot extends { stop(): Promise<void> }>(
  platform: Platform<Fake, Bot>,
  options: UseBotOptions<Fake>,
): BotLifecycle<Fake, Bot> {
  const openrouter = useFakeOpenRouter({ apiKey: platform.apiKey });
  let fake: Fake | undefined;
  let bot: Bot | undefined;
  const logs: string[] = [];

  const stop = async () => {
    const running = bot;
    bot = undefined;
    await running?.stop();
  };
  const start = async (opts: BotStart = {}) => {
    await stop();
    if (!fake) throw new Error(`${platform.name}: start() runs inside a test`);
    const now = opts.now ?? options.now;
    bot = await platform.startBot(fake, openrouter, {
      env: { ...options.env, ...opts.env },
      ...(options.logs ? { logs } : {}),
      ...(opts.store ? { store: opts.store } : {}),
      ...(now ? { now } : {}),
    });
    return bot;
  };

  beforeEach(async () => {
    logs.length = 0;
    fake = await platform.startFake();
    await options.setUp?.(fake, openrouter);
    if (options.autoStart !== false) await start();
  });
  afterEach(async () => {
    openrouter.releaseHeld();
    await stop();
    await fake?.close();
    fake = undefined;
  });

  return {
    fake: liveView(`${platform.name}: the fake`, () => fake),
    openrouter,
    bot: liveView(`${platform.name}: the bot`, () => bot),
    logs,
    start,
    stop,
  };
}
