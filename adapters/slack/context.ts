/** What every Slack listener needs, plus the helpers that build invocations and check admins. */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { App } from '../../src/app/create-app.js';
import type { Invoker } from '../../src/command-model/command-types.js';
import type { DownloadPolicy } from '../../src/files/downloads.js';
import type { Metrics } from '../../src/ops/metrics.js';
import type { Namespace } from '../../src/state/store.js';
import type { SurfaceLimits } from '../../src/surface/reply-surface.js';
import type { SlackFeatures } from './native-stream.js';

export interface SlackContext {
  app: App;
  logger: Logger;
  limits: SurfaceLimits;
  botToken: string;
  /** Hosts files may be downloaded from (Slack's file hosts, the API host, DOWNLOAD_ALLOWED_HOSTS). */
  downloads: DownloadPolicy;
  /** Hosts the bot token may be sent to: only Slack's own file hosts and the configured API host. */
  tokenHosts: DownloadPolicy;
  adminUserIds: readonly string[];
  /** Processed event ids (dedup of Slack retries). */
  seen: Namespace;
  /** Native streaming / thread status, switched off where Slack refuses them. */
  features: SlackFeatures;
  /** users.info answers (admin flag, name), kept 10 minutes per user. */
  people: Map<string, { admin: boolean; name: string; at: number }>;
  /** Ops metrics (deduplicated events). */
  metrics?: Metrics;
}

/** The reply surface options every listener shares. */
export function surfaceBase(ctx: SlackContext, client: WebClient, userId: string) {
  return { client, userId, limits: ctx.limits, features: ctx.features, logger: ctx.logger };
}

const groupsCache = new WeakMap<WebClient, { at: number; byUser: Promise<Map<string, string[]>> }>();

/**
 * The user groups a user is in, from one `usergroups.list` (with users) per workspace, cached 10
 * minutes. Only asked for when a permission rule is in the way; without the usergroups:read scope
 * (or on any error) the user is in no group, so only user ids count.
 */
export async function userGroups(ctx: SlackContext, client: WebClient, userId: string): Promise<string[]> {
  let cached = groupsCache.get(client);
  if (!cached || Date.now() - cached.at > 600_000) {
    const byUser = client.usergroups.list({ include_users: true }).then(
      (res) => {
        const map = new Map<string, string[]>();
        for (const g of (res.usergroups ?? []) as Array<{ id?: string; users?: string[] }>)
          for (const u of g.users ?? []) if (g.id) map.set(u, [...(map.get(u) ?? []), g.id]);
        return map;
      },
      (err: unknown) => {
        ctx.logger.warn(
          { err },
          'usergroups.list failed (usergroups:read granted?); rules see user ids only',
        );
        return new Map<string, string[]>();
      },
    );
    cached = { at: Date.now(), byUser };
    groupsCache.set(client, cached);
  }
  return (await cached.byUser).get(userId) ?? [];
}

/**
 * The user as an Invoker; workspace admins/owners (users.info, cached 10 min) count as admins. With
 * `needName: false` and nobody cached, no users.info is made now: the name is the user id and the admin
 * flag is looked up only if something is about to be refused (`confirmAdmin`).
 */
export async function slackInvoker(
  ctx: SlackContext,
  client: WebClient,
  userId: string,
  options: { needName?: boolean } = {},
): Promise<Invoker> {
  const botAdmin = ctx.adminUserIds.includes(userId);
  const base = { id: userId, isBotAdmin: botAdmin, groups: () => userGroups(ctx, client, userId) };
  const cached = ctx.people.get(userId);
  const known = cached && Date.now() - cached.at < 600_000 ? cached : undefined;
  if (!known && options.needName === false)
    return {
      ...base,
      name: userId,
      isAdmin: botAdmin,
      confirmAdmin: async () => (await lookUpPerson(ctx, client, userId)).admin,
    };
  const person = known ?? (await lookUpPerson(ctx, client, userId));
  return { ...base, name: person.name, isAdmin: person.admin || botAdmin };
}

/** users.info for one user (admin/owner flag and name), kept in ctx.people; a failure means a regular user. */
async function lookUpPerson(
  ctx: SlackContext,
  client: WebClient,
  userId: string,
): Promise<{ admin: boolean; name: string }> {
  let admin = false;
  let name = userId;
  try {
    const res = await client.users.info({ user: userId });
    const u = res.user as
      | { is_admin?: boolean; is_owner?: boolean; real_name?: string; name?: string }
      | undefined;
    admin = !!(u?.is_admin || u?.is_owner);
    name = u?.real_name || u?.name || userId;
  } catch (err) {
    ctx.logger.debug({ err, user: userId }, 'users.info failed; treating as a regular user');
  }
  ctx.people.set(userId, { admin, name, at: Date.now() });
  return { admin, name };
}

/** True the first time an event id is seen (kept 15 minutes), so a retried event is answered once. */
export async function firstDelivery(ctx: SlackContext, eventId: string | undefined): Promise<boolean> {
  if (!eventId) return true;
  const first = await ctx.seen.add(eventId, 1, 15 * 60 * 1000);
  if (!first) ctx.metrics?.eventsDeduplicated.inc({ platform: 'slack' });
  return first;
}

/**
 * The id a slash command is claimed under: its trigger_id (unique per invocation), else a hash of the
 * whole payload. A replay of the same signed body maps to the same id; a new invocation never does.
 */
export function slashDeliveryId(payload: { trigger_id?: string }): string {
  if (payload.trigger_id) return `slash:${payload.trigger_id}`;
  return `slash:${createHash('sha256').update(JSON.stringify(payload)).digest('hex')}`;
}
