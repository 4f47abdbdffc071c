/**
 * Starts the Slack adapter: a Bolt app in Socket Mode (SLACK_APP_TOKEN) or over HTTP with signature
 * verification on SLACK_PORT. Listeners acknowledge first and work after; errors never crash.
 */

import type { Server } from 'node:http';
import { App as BoltApp } from '@slack/bolt';
import type { Logger } from 'pino';
import type { App } from '../../src/app/create-app.js';
import type { Metrics } from '../../src/ops/metrics.js';
import type { StateStore } from '../../src/state/store.js';
import { createAcceptGate } from './accept-gate.js';
import { type BlockActionPayload, runAction } from './actions.js';
import { boltLogger } from './bolt-logger.js';
import { firstDelivery, type SlackContext, slashDeliveryId, surfaceBase } from './context.js';
import type { EventInfo, SlackMessageEvent } from './conversation.js';
import { SLACK_FILE_HOSTS, toAttachment } from './files.js';
import { handleMessageEvent } from './message-events.js';
import { watchSlack } from './ops-hooks.js';
import { createSlackPending } from './pending-events.js';
import { type MessageShortcutPayload, runShortcut } from './shortcuts.js';
import { checkSlackToken, isRejectedToken, listenError, rejectedTokenError } from './startup-checks.js';
import { createSlackSurface, slackLimits } from './surface.js';
import { startTakeovers } from './takeovers.js';
import { runUmbrella, type SlashPayload } from './umbrella.js';

/** The longest an acknowledged event's work waits for a burst of new connections to be accepted. */
const ACCEPT_HOLD_MS = 250;

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  port: number;
  /** native (default): chat.startStream where the context allows it; update: post, then chat.update. */
  streaming?: 'native' | 'update';
}

export interface SlackDeps {
  app: App;
  store: StateStore;
  logger: Logger;
  adminUserIds: readonly string[];
  editIntervalMs: number;
  /** Instances sharing this app (INSTANCE_COUNT): the workspace update budget is split between them. */
  instances?: number;
  allowedHosts?: readonly string[];
  /** Stall timeout and total deadline of attachment downloads (DOWNLOAD_STALL_TIMEOUT_MS, DOWNLOAD_DEADLINE_MS). */
  downloadTimeouts?: { stallMs: number; deadlineMs: number };
  /** Host for the HTTP receiver (default all interfaces; tests use 127.0.0.1). */
  host?: string;
  /** Web API retries (Bolt's default retries for ~30 minutes). */
  retries?: number;
  command?: string;
  /** Tries to reach Slack at start before giving up (default 5). */
  startupAttempts?: number;
  metrics?: Metrics;
}

export async function startSlack(
  settings: SlackSettings,
  deps: SlackDeps,
): Promise<{ bolt: BoltApp; port?: number; connected(): boolean; stop(): Promise<void> }> {
  const apiHost = new URL(settings.apiUrl).host;
  const clientOptions = {
    slackApiUrl: settings.apiUrl,
    ...(deps.retries !== undefined ? { retryConfig: { retries: deps.retries } } : {}),
  };
  const socket = !!settings.appToken;
  await checkSlackToken(settings, { attempts: deps.startupAttempts ?? 5, logger: deps.logger });
  const bolt = new BoltApp({
    token: settings.botToken,
    logger: boltLogger(deps.logger),
    clientOptions,
    // histories are ours (src/conversations); Bolt's store would throw and catch an Error on every event
    convoStore: false,
    ...(socket
      ? { socketMode: true, appToken: settings.appToken, installerOptions: { clientOptions } }
      : { signingSecret: settings.signingSecret ?? '' }),
  });
  const ops = watchSlack(bolt, deps.metrics, socket);
  const ctx: SlackContext = {
    app: deps.app,
    logger: deps.logger,
    limits: slackLimits(deps.editIntervalMs, deps.instances),
    botToken: settings.botToken,
    downloads: {
      allowedHosts: [...SLACK_FILE_HOSTS, apiHost, ...(deps.allowedHosts ?? [])],
      ...deps.downloadTimeouts,
    },
    tokenHosts: { allowedHosts: [...SLACK_FILE_HOSTS, apiHost] },
    adminUserIds: deps.adminUserIds,
    seen: deps.store.namespace('slack-events', { durable: false }), // retries come within minutes
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    people: new Map(),
    features: { streaming: (settings.streaming ?? 'native') === 'native', status: true },
  };
  /**
   * Events are acknowledged before their listener runs; under a burst of new connections the answer's
   * work waits until the connections already waiting have been accepted (and their events
   * acknowledged): see accept-gate.ts.
   */
  const gate = createAcceptGate({ maxHoldMs: ACCEPT_HOLD_MS });
  const guard = (what: string, work: () => Promise<void>) =>
    work().catch((err: unknown) => deps.logger.error({ err, what }, 'slack handler failed'));

  const info = (body: unknown, context: { botUserId?: string; teamId?: string }): EventInfo => {
    const eventId = (body as { event_id?: string }).event_id;
    return {
      ...(eventId ? { eventId } : {}),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
      ...(context.teamId ? { teamId: context.teamId } : {}),
    };
  };
  const pending =
    deps.store.kind === 'redis'
      ? createSlackPending({}, { store: deps.store, presence: deps.app.instance, logger: deps.logger })
      : undefined;
  bolt.event('app_mention', async ({ event, body, client, context }) => {
    await gate.wait();
    const e = event as unknown as SlackMessageEvent;
    await handleMessageEvent(ctx, {
      kind: 'app_mention',
      event: e,
      info: info(body, context),
      client,
      pending,
    });
  });
  bolt.message(async ({ message, body, client, context }) => {
    const e = message as unknown as SlackMessageEvent;
    if (e.subtype && e.subtype !== 'file_share' && e.subtype !== 'slack_audio') return;
    await gate.wait();
    await handleMessageEvent(ctx, { kind: 'message', event: e, info: info(body, context), client, pending });
  });
  bolt.command(deps.command ?? '/switchboard', async ({ ack, command, client, context }) => {
    await ack();
    ops.acked(context);
    await gate.wait();
    await guard('command', async () => {
      // a replayed command (same signed body, within Slack's 5-minute window) runs once, like events
      if (!(await firstDelivery(ctx, slashDeliveryId(command)))) {
        deps.logger.info({ command: command.command }, 'duplicate Slack slash command ignored');
        return;
      }
      await runUmbrella(ctx, client, command as unknown as SlashPayload);
    });
  });
  bolt.action(/^[a-z][a-z0-9-]*:/, async ({ ack, body, client, context }) => {
    await ack();
    ops.acked(context);
    await guard('action', () => runAction(ctx, client, body as unknown as BlockActionPayload));
  });
  bolt.shortcut({ type: 'message_action' }, async ({ ack, shortcut, client, context }) => {
    await ack();
    ops.acked(context);
    await guard('shortcut', () => runShortcut(ctx, client, shortcut as unknown as MessageShortcutPayload));
  });
  bolt.error(async (err) => {
    deps.logger.error({ err }, 'slack app error');
  });

  deps.app.images.register('slack', (ref, signal) =>
    toAttachment(ctx, { id: ref.id, name: ref.name, url_private_download: ref.url }).open(signal),
  );
  deps.app.surfaces.register('slack', async (location, userId) =>
    createSlackSurface({ ...surfaceBase(ctx, bolt.client, userId), location }),
  );
  let takeovers: { stop(): void } | undefined;
  const stop = async () => {
    takeovers?.stop();
    deps.app.surfaces.unregister('slack');
    await bolt.stop();
  };
  if (socket) {
    await bolt.start().catch((err: unknown) => {
      throw isRejectedToken(err) ? rejectedTokenError('SLACK_APP_TOKEN', err) : err;
    });
    takeovers = pending && startTakeovers({ ctx, pending, client: bolt.client });
    deps.logger.info('slack ready (socket mode)');
    return { bolt, stop, connected: ops.connected };
  }
  const server = (await bolt
    .start({ port: settings.port, ...(deps.host ? { host: deps.host } : {}) })
    .catch((err: unknown) => {
      throw listenError(settings.port, err);
    })) as Server; // Bolt's HTTP receiver resolves with its node:http server
  gate.watch(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : settings.port;
  takeovers = pending && startTakeovers({ ctx, pending, client: bolt.client });
  deps.logger.info({ port }, 'slack ready (http)');
  return { bolt, port, stop, connected: ops.connected };
}
