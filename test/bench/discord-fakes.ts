/**
 * For the Discord benchmarks: starts test/bench/discord-fakes-process.ts (fake Discord + fake
 * OpenRouter in their own process) and boots the real bot — core + discord.js — in this one.
 */
import type { Client } from 'discord.js';
import { startDiscord } from '../../adapters/discord/start.js';
import type { App } from '../../src/app/create-app.js';
import type { StateStore } from '../../src/state/store.js';
import type { QueuedReply } from '../fakes/openrouter.js';
import { createTestApp } from '../helpers/test-app.js';
import { forkIpcChild } from './ipc-child.js';

export interface FakesInfo {
  apiUrl: string;
  origin: string;
  token: string;
  applicationId: string;
  channelId: string;
  openrouterUrl: string;
  apiKey: string;
}

export interface BurstSpec {
  /** How many /chat interactions to send at once, each from a different user, in #general. */
  count: number;
  prompt: string;
  /** The fake OpenRouter's answer to each of them. */
  reply: QueuedReply;
  /** `/chat private:true`: ephemeral answers in #general itself instead of one thread each. */
  private?: boolean;
}

export interface CallbackTimes {
  sentAt: number;
  /** When the fake REST received the callback; null if it never did. */
  at: number | null;
  type: number | null;
}

export interface FinishStats {
  finished: number;
  failed: number;
  /** Per interaction, INTERACTION_CREATE sent → finished answer seen, sorted. */
  answerMs: number[];
  /** Burst start → the last answer finished. */
  lastFinishedMs: number;
}

export interface EditStats {
  windowMs: number;
  /** The channel the commands were used in: edits of any message in it in the busiest window. */
  parent: { all: number; viaChannel: number; viaWebhook: number; total: number };
  threads: number;
  perThreadMax: number;
  perThreadMean: number;
  /** All threads' edits taken together (not a Discord limit; shows the aggregate rate). */
  acrossThreads: number;
  threadEditsTotal: number;
  requests: number;
  /** The same calls by method and route (ids replaced by `:id`). */
  byRoute: Record<string, number>;
  /** Busiest second of REST calls other than interaction callbacks (discord.js caps them at 50/s). */
  maxRequestsPerSecond: number;
}

export type Request =
  | { op: 'info' }
  | { op: 'ready'; timeoutMs?: number }
  | { op: 'noSessions'; timeoutMs?: number }
  | { op: 'burst'; spec: BurstSpec }
  | { op: 'callbacks'; timeoutMs: number }
  | { op: 'finished'; timeoutMs: number }
  | { op: 'edits'; windowMs: number }
  | { op: 'inFlight' }
  | { op: 'release' }
  | { op: 'reset' }
  | { op: 'memory' };

export type Response = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

interface Results {
  info: FakesInfo;
  ready: undefined;
  noSessions: unknown;
  burst: { count: number };
  callbacks: CallbackTimes[];
  finished: FinishStats;
  edits: EditStats;
  inFlight: number;
  release: undefined;
  reset: undefined;
  memory: NodeJS.MemoryUsage;
}

export interface Fakes {
  info: FakesInfo;
  call<R extends Request>(req: R): Promise<Results[R['op']]>;
  stop(): Promise<void>;
}

export async function spawnFakes(): Promise<Fakes> {
  const child = await forkIpcChild<Request, Results>(
    new URL('./discord-fakes-process.ts', import.meta.url),
    'fakes process',
  );
  return { info: await child.call({ op: 'info' }), call: child.call, stop: child.stop };
}

export interface BenchBot {
  app: App;
  client: Client;
  stop(): Promise<void>;
}

/** The bot as npm start wires it (minus logging), pointed at the fakes; waits for READY. */
export async function bootBot(
  fakes: Fakes,
  opts: { store?: StateStore; env?: Record<string, string> } = {},
): Promise<BenchBot> {
  const { info } = fakes;
  const { config, app, logger, store } = createTestApp(
    {
      OPENROUTER_API_KEY: info.apiKey,
      OPENROUTER_BASE_URL: info.openrouterUrl,
      OPENROUTER_MAX_RETRIES: '0',
      DISCORD_TOKEN: info.token,
      DISCORD_APPLICATION_ID: info.applicationId,
      DISCORD_API_URL: info.apiUrl,
      DOWNLOAD_ALLOWED_HOSTS: new URL(info.origin).host,
      ...opts.env,
    },
    opts.store ? { store: opts.store } : {},
  );
  if (!config.discord) throw new Error('discord config missing');
  const bot = await startDiscord(config.discord, {
    app,
    store,
    logger,
    adminUserIds: [],
    editIntervalMs: config.chat.streamEditIntervalMs,
    allowedHosts: config.downloads.allowedHosts,
  });
  await fakes.call({ op: 'ready' });
  return {
    app,
    client: bot.client,
    async stop() {
      await bot.stop();
      await app.close();
    },
  };
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** A Markdown table, printed as is (so it can be pasted into README). */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
