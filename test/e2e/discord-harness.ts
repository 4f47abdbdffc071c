/** Boots the whole bot (core + real discord.js client) against the fake Discord and fake OpenRouter. */
import { startDiscord } from '../../adapters/discord/start.js';
import type { App } from '../../src/app/create-app.js';
import type { StateStore } from '../../src/state/store.js';
import type { FakeDiscord, StoredMessage } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import { discordBotEnv } from '../helpers/bot-env.js';
import { createTestApp } from '../helpers/test-app.js';

export const OR_KEY = 'sk-or-v1-discord-e2e-0123456789abcdef0123456789';

export interface Bot {
  app: App;
  store: StateStore;
  stop(): Promise<void>;
}

export async function startBot(
  discord: FakeDiscord,
  openrouter: FakeOpenRouter,
  opts: { store?: StateStore; logs?: string[]; env?: Record<string, string>; now?: () => number } = {},
): Promise<Bot> {
  const { config, app, logger, store } = createTestApp(
    {
      ...discordBotEnv(discord, openrouter, OR_KEY),
      STREAM_EDIT_INTERVAL_MS: '100',
      DOWNLOAD_ALLOWED_HOSTS: new URL(discord.origin).host,
      ...opts.env,
    },
    opts,
  );
  if (!config.discord) throw new Error('discord config missing');
  const bot = await startDiscord(config.discord, {
    app,
    store,
    logger,
    adminUserIds: config.admin.userIds,
    editIntervalMs: config.chat.streamEditIntervalMs,
    allowedHosts: config.downloads.allowedHosts,
    downloadTimeouts: { stallMs: config.downloads.stallMs, deadlineMs: config.downloads.deadlineMs },
  });
  return {
    app,
    store,
    async stop() {
      await bot.stop();
      await app.close();
    },
  };
}

/** All messages of a channel as the user sees them, joined. */
export function visible(messages: StoredMessage[]): string {
  return messages.map((m) => m.content).join('\n');
}

/** True when the message shows a finished answer (footer line present, no Stop button). */
export function isFinished(m: StoredMessage | undefined): boolean {
  return !!m && /\n-# .*gen-/.test(m.content) && !JSON.stringify(m.components).includes('"stop:');
}

/**
 * The text of a request the bot sent: a message post or edit carries `content`; an interaction
 * callback of type 4 (the reply itself) carries it under `data`.
 */
export function sentText(body: unknown): string {
  const b = body as { content?: unknown; data?: { content?: unknown } } | undefined;
  return String(b?.content ?? b?.data?.content ?? '');
}
