/** Starts the Discord adapter: discord.js client with the minimal intents, handlers, one error boundary. */

import { createRequire } from 'node:module';
import { Client, Events, GatewayIntentBits, Options, Partials } from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../src/app/create-app.js';
import { createEventClaims } from '../../src/dispatch/event-claims.js';
import { openDownload } from '../../src/files/downloads.js';
import type { Metrics } from '../../src/ops/metrics.js';
import type { StateStore } from '../../src/state/store.js';
import { DISCORD_FILE_HOSTS } from './attachments.js';
import type { DiscordContext } from './context.js';
import { handleInteraction } from './interactions.js';
import { handleMessage } from './messages.js';
import { createDiscordOps } from './ops-hooks.js';
import { sharedRestBudget } from './shared-rest-budget.js';
import { loginToDiscord } from './startup-checks.js';
import { createChannelSurface, DISCORD_GLOBAL_RPS, discordLimits } from './surface.js';

export interface DiscordSettings {
  token: string;
  applicationId: string;
  apiUrl: string;
  guildId?: string;
  /** Shard ids this instance runs (default: discord.js decides, one shard unless told otherwise). */
  shards?: number[];
  /** Total shard count across every instance (with `shards`). */
  shardCount?: number;
}

export interface DiscordDeps {
  app: App;
  /** Where events are claimed (shared with other instances through Redis). */
  store: StateStore;
  logger: Logger;
  adminUserIds: readonly string[];
  editIntervalMs: number;
  /** Instances sharing this bot (INSTANCE_COUNT): per-bot budgets are split between them. */
  instances?: number;
  /** Extra hosts attachments may come from (DOWNLOAD_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** Stall timeout and total deadline of attachment downloads (DOWNLOAD_STALL_TIMEOUT_MS, DOWNLOAD_DEADLINE_MS). */
  downloadTimeouts?: { stallMs: number; deadlineMs: number };
  /** Tries to reach Discord at start before giving up (default 5). */
  startupAttempts?: number;
  metrics?: Metrics;
}

/**
 * An HTTP agent from the undici that @discordjs/rest itself uses. Without one, discord.js takes the
 * process-wide undici dispatcher, which is whichever undici loaded first — in `npm start` our own
 * newer undici (the OpenRouter client), whose agent cannot send the older undici's FormData: every
 * file upload then fails with "action is not a function".
 */
function discordAgent(): { close(): Promise<void> } {
  const fromRest = createRequire(createRequire(import.meta.url).resolve('@discordjs/rest'));
  const { Agent } = fromRest('undici') as { Agent: new () => { close(): Promise<void> } };
  return new Agent();
}

/**
 * Claims shared with the other instances; an @mention or thread reply whose claimer died before its
 * answer showed is taken over by one survivor (src/dispatch/event-watch.ts).
 */
function discordClaims(deps: DiscordDeps) {
  const { logger } = deps;
  return createEventClaims(
    deps.store,
    {
      onDuplicate: (kind, id) => {
        deps.metrics?.eventsDeduplicated.inc({ platform: 'discord' });
        logger.debug({ event: `${kind}:${id}` }, 'event claimed by another instance');
      },
      onTakeover: (key, from) => logger.info({ event: key, from }, 'event taken over from a gone instance'),
      onOverflow: (key) => logger.warn({ event: key }, 'too many events watched: this one is not'),
      onError: (err) => logger.warn({ err }, 'event claim error'),
    },
    { presence: deps.app.instance },
  );
}

export async function startDiscord(
  settings: DiscordSettings,
  deps: DiscordDeps,
): Promise<{ client: Client; connected(): boolean; stop(): Promise<void> }> {
  const agent = discordAgent();
  const ops = createDiscordOps(deps.metrics);
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.DirectMessages,
    ],
    partials: [Partials.Channel],
    rest: {
      api: settings.apiUrl,
      agent: agent as never,
      // the 50 requests/s are per bot: with Redis, one window shared by every instance; else this process's
      makeRequest: ops.observe(
        deps.store.kind === 'redis'
          ? sharedRestBudget(deps.store.atomic.windows, { perSecond: DISCORD_GLOBAL_RPS }, (err) =>
              deps.logger.warn({ err }, 'shared REST budget unavailable'),
            )
          : undefined,
      ),
    },
    ...(settings.shards ? { shards: settings.shards } : {}),
    ...(settings.shardCount ? { shardCount: settings.shardCount } : {}),
    allowedMentions: { parse: [], repliedUser: false },
    // conversations live in the state store: discord.js need not keep every thread and message
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 50,
      ThreadMemberManager: 0,
      ReactionManager: 0,
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      messages: { interval: 600, lifetime: 1_800 },
      threads: { interval: 600, lifetime: 3_600 },
    },
  });
  const ctx: DiscordContext = {
    app: deps.app,
    logger: deps.logger,
    limits: discordLimits(deps.editIntervalMs, deps.instances),
    downloads: {
      allowedHosts: [...DISCORD_FILE_HOSTS, ...(deps.allowedHosts ?? [])],
      ...deps.downloadTimeouts,
    },
    adminUserIds: deps.adminUserIds,
    claims: discordClaims(deps),
  };
  deps.app.images.register('discord', (ref, signal) =>
    openDownload(ref.url, ctx.downloads, { what: ref.name, ...(signal ? { signal } : {}) }),
  );
  client.on(Events.Error, (err) => deps.logger.error({ err }, 'discord client error'));
  client.on(Events.ShardError, (err) => deps.logger.error({ err }, 'discord gateway error'));
  client.on(Events.InteractionCreate, (i) => {
    ops.interaction(i);
    void handleInteraction(ctx, i);
  });
  client.on(Events.MessageCreate, (m) => {
    ops.message();
    void handleMessage(ctx, m);
  });
  await loginToDiscord(client, settings, { attempts: deps.startupAttempts ?? 5, logger: deps.logger }).catch(
    async (err: unknown) => {
      await client.destroy().catch(() => undefined);
      await agent.close().catch(() => undefined);
      throw err;
    },
  );
  deps.logger.info({ user: client.user?.tag }, 'discord ready');
  deps.app.surfaces.register('discord', async (location) => {
    const channel = await client.channels.fetch(location.threadId ?? location.channelId);
    if (!channel?.isSendable())
      throw new Error(`cannot post in channel ${location.threadId ?? location.channelId}`);
    return createChannelSurface(channel, location, ctx.limits);
  });
  return {
    client,
    connected: () => ops.connected(client),
    async stop() {
      deps.app.surfaces.unregister('discord');
      ctx.claims.close();
      await client.destroy();
      await agent.close();
    },
  };
}
