/**
 * For the Slack benchmarks: starts test/bench/slack-fakes-process.ts (fake Slack + fake OpenRouter
 * in their own process) and boots the real bot — core + @slack/bolt App in HTTP mode — in this one.
 */
import { startSlack } from '../../adapters/slack/start.js';
import type { App } from '../../src/app/create-app.js';
import type { QueuedReply } from '../fakes/openrouter.js';
import { createTestApp } from '../helpers/test-app.js';
import { forkIpcChild } from './ipc-child.js';

export interface SlackFakesInfo {
  apiUrl: string;
  botToken: string;
  signingSecret: string;
  channelId: string;
  openrouterUrl: string;
  apiKey: string;
}

export interface SlackBurstSpec {
  /** New questions: one `app_mention` each, from as many users, in the default channel. */
  mentions: number;
  /** The mentions come from the users of the previous burst (people the bot already knows), not new ones. */
  returningUsers?: boolean;
  /** Follow-ups: a plain `message` in a thread the bot answered during `prepare` (one per thread). */
  followups: number;
  prompt: string;
  /** The fake OpenRouter's answer to each of them. */
  reply: QueuedReply;
}

export interface AckTimes {
  kind: 'mention' | 'followup';
  status: number;
  /** Send → HTTP answer, on the fake's clock (SendResult.ackMs). */
  ackMs: number;
}

export interface SlackFinishStats {
  finished: number;
  failed: number;
  /** Per event, POSTed → finished answer seen, sorted. */
  answerMs: number[];
  /** Burst start → the last answer finished. */
  lastFinishedMs: number;
}

/** One bot message and the calls that changed it after it was posted (chat.update or chat.appendStream). */
export interface MessageRate {
  ts: string;
  calls: number;
  /** Post → last call (ms). */
  lifetimeMs: number;
  /** calls / lifetime in seconds (0 for a message never changed). */
  perSecond: number;
  /** The most calls it received within any 1 s. */
  maxIn1s: number;
  /** Post → first call (ms; NaN when never changed). */
  firstGapMs: number;
  /** The same, counting the post (chat.postMessage / chat.startStream) as a write too. */
  maxIn1sWithPost: number;
}

export interface RateStats {
  method: string;
  messages: MessageRate[];
  /** Every Web API call since the burst, by method. */
  byMethod: Record<string, number>;
  total: number;
  /** `method` across the workspace: the busiest 1 s and 60 s. */
  methodBusiest1s: number;
  methodBusiest60s: number;
  /** All Web API calls: the busiest 1 s. */
  allBusiest1s: number;
  /** Burst start → last Web API call. */
  durationMs: number;
  /** Calls Slack refused ({ok:false} or 429), by error. */
  errors: Record<string, number>;
}

export type SlackRequest =
  | { op: 'info' }
  | { op: 'ready'; timeoutMs?: number }
  | { op: 'target'; url: string }
  | { op: 'prepare'; count: number; reply: QueuedReply; timeoutMs: number }
  | { op: 'burst'; spec: SlackBurstSpec }
  | { op: 'preconnect'; count: number }
  | { op: 'finished'; timeoutMs: number }
  | { op: 'rates'; method: string }
  | { op: 'reset' };

export type SlackResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

interface Results {
  info: SlackFakesInfo;
  ready: undefined;
  target: undefined;
  prepare: { threads: number };
  burst: { acks: AckTimes[]; newConnections: number };
  preconnect: { newConnections: number };
  finished: SlackFinishStats;
  rates: RateStats;
  reset: undefined;
}

export interface SlackFakes {
  info: SlackFakesInfo;
  call<R extends SlackRequest>(req: R): Promise<Results[R['op']]>;
  stop(): Promise<void>;
}

export async function spawnSlackFakes(): Promise<SlackFakes> {
  const child = await forkIpcChild<SlackRequest, Results>(
    new URL('./slack-fakes-process.ts', import.meta.url),
    'slack fakes process',
  );
  return { info: await child.call({ op: 'info' }), call: child.call, stop: child.stop };
}

export interface SlackBenchBot {
  app: App;
  /** The request URL of the bot (`http://127.0.0.1:PORT/slack/events`). */
  url: string;
  stop(): Promise<void>;
}

/**
 * The bot as npm start wires it (minus logging) in HTTP mode, pointed at the fakes; tells the fakes
 * process where to deliver events and waits until Bolt's auth.test has landed.
 */
export async function bootSlackBot(
  fakes: SlackFakes,
  opts: { env?: Record<string, string> } = {},
): Promise<SlackBenchBot> {
  const { info } = fakes;
  await fakes.call({ op: 'reset' }); // `ready` waits for an auth.test made after this
  const { config, app, logger, store } = createTestApp({
    OPENROUTER_API_KEY: info.apiKey,
    OPENROUTER_BASE_URL: info.openrouterUrl,
    OPENROUTER_MAX_RETRIES: '0',
    SLACK_BOT_TOKEN: info.botToken,
    SLACK_SIGNING_SECRET: info.signingSecret,
    SLACK_API_URL: info.apiUrl,
    SLACK_PORT: '0',
    ...opts.env,
  });
  if (!config.slack) throw new Error('slack config missing');
  const bot = await startSlack(config.slack, {
    app,
    store,
    logger,
    adminUserIds: [],
    editIntervalMs: config.chat.streamEditIntervalMs,
    allowedHosts: config.downloads.allowedHosts,
    host: '127.0.0.1',
    retries: 0,
  });
  if (!bot.port) throw new Error('slack bot did not listen');
  const url = `http://127.0.0.1:${bot.port}/slack/events`;
  await fakes.call({ op: 'ready' });
  await fakes.call({ op: 'target', url });
  return {
    app,
    url,
    async stop() {
      await bot.stop();
      await app.close();
    },
  };
}
