/**
 * Boots the whole bot (core + real Bolt app) against the fake Slack and the fake OpenRouter, in
 * HTTP mode (signed requests to /slack/events) or Socket Mode (the fake's WebSocket).
 */
import type { App as BoltApp } from '@slack/bolt';
import { startSlack } from '../../adapters/slack/start.js';
import type { App } from '../../src/app/create-app.js';
import type { StateStore } from '../../src/state/store.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { FakeSlack, Inbound, MessageView, SendOptions, SendResult, UserAction } from '../fakes/slack.js';
import { createTestApp } from '../helpers/test-app.js';

export const OR_KEY = 'sk-or-v1-slack-e2e-0123456789abcdef0123456789';

export type SlackMode = 'http' | 'socket';

export interface SlackBot {
  app: App;
  /** The Bolt app the adapter runs. */
  bolt: BoltApp;
  store: StateStore;
  mode: SlackMode;
  /** HTTP mode: the request URL of the app. */
  url?: string;
  /** Delivers to the bot the way its mode receives events. */
  send(what: UserAction | Inbound, opts?: Omit<SendOptions, 'to'>): Promise<SendResult[]>;
  stop(): Promise<void>;
}

export async function startSlackBot(
  slack: FakeSlack,
  openrouter: FakeOpenRouter,
  opts: {
    mode: SlackMode;
    store?: StateStore;
    logs?: string[];
    env?: Record<string, string>;
    now?: () => number;
  },
): Promise<SlackBot> {
  const { config, app, logger, store } = createTestApp(
    {
      OPENROUTER_API_KEY: OR_KEY,
      OPENROUTER_BASE_URL: openrouter.baseUrl,
      OPENROUTER_MAX_RETRIES: '0',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: '0',
      STREAM_EDIT_INTERVAL_MS: '100',
      ...(opts.mode === 'socket'
        ? { SLACK_APP_TOKEN: slack.appToken }
        : { SLACK_SIGNING_SECRET: slack.signingSecret }),
      ...opts.env,
    },
    opts,
  );
  if (!config.slack) throw new Error('slack config missing');
  const bot = await startSlack(config.slack, {
    app,
    store,
    logger,
    adminUserIds: config.admin.userIds,
    editIntervalMs: config.chat.streamEditIntervalMs,
    allowedHosts: config.downloads.allowedHosts,
    downloadTimeouts: { stallMs: config.downloads.stallMs, deadlineMs: config.downloads.deadlineMs },
    host: '127.0.0.1',
    retries: 0,
  });
  if (opts.mode === 'socket') await slack.waitForSocket();
  // Bolt calls auth.test from its constructor without waiting; let it land before anything else
  await slack.waitFor(() => slack.calls('auth.test').some((c) => c.ok));
  const url = bot.port ? `http://127.0.0.1:${bot.port}/slack/events` : undefined;
  return {
    app,
    bolt: bot.bolt,
    store,
    mode: opts.mode,
    ...(url ? { url } : {}),
    send: (what, o = {}) => slack.send(what, { ...o, ...(url ? { to: url } : {}) }),
    async stop() {
      await bot.stop();
      if (opts.mode === 'socket') await slack.waitForSocketsClosed();
      await app.close();
    },
  };
}

export const isStopButton = (b: { action_id: string }) => b.action_id.startsWith('stop:');

/** A finished answer: footer with a generation id, no Stop button, not streaming any more. */
export function isFinished(m: MessageView | undefined): boolean {
  return (
    !!m && m.isBot && /gen-/.test(m.text) && !m.buttons.some(isStopButton) && m.streaming !== 'in_progress'
  );
}

/** Bot messages of a thread, joined as the reader sees them. */
export function visible(messages: MessageView[]): string {
  return messages
    .filter((m) => m.isBot)
    .map((m) => m.text)
    .join('\n');
}

/** Waits until the thread holds a finished answer (or a ⚠️ message) and returns the bot's messages. */
export async function answered(
  slack: FakeSlack,
  channel: string,
  threadTs?: string,
  after = 0,
): Promise<MessageView[]> {
  return slack.waitFor(() => {
    const bots = slack.messages(channel, threadTs).filter((m) => m.isBot && !m.ephemeralTo);
    const fresh = bots.slice(after);
    return fresh.some((m) => isFinished(m) || m.text.includes('⚠️')) ? bots : undefined;
  });
}
