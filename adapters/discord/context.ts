/** What every Discord handler needs: the core app, limits, download policy, admins, a logger. */
import {
  type APIInteractionGuildMember,
  type Channel,
  type GuildMember,
  type GuildMemberRoleManager,
  type Message,
  MessageFlags,
  PermissionFlagsBits,
  type PermissionsBitField,
  type User,
} from 'discord.js';
import type { Logger } from 'pino';
import type { App } from '../../src/app/create-app.js';
import type { Invocation, Invoker } from '../../src/command-model/command-types.js';
import type { EventClaims } from '../../src/dispatch/event-claims.js';
import type { DownloadPolicy } from '../../src/files/downloads.js';
import type { SurfaceLimits, SurfaceLocation } from '../../src/surface/reply-surface.js';
import { toAttachment } from './attachments.js';

export interface DiscordContext {
  app: App;
  logger: Logger;
  limits: SurfaceLimits;
  downloads: DownloadPolicy;
  adminUserIds: readonly string[];
  /** Shared with other instances: an event is handled by the one that claims its id first. */
  claims: EventClaims;
}

export function invoker(
  ctx: DiscordContext,
  user: User,
  perms: Readonly<PermissionsBitField> | null,
  member?: GuildMember | APIInteractionGuildMember | null,
): Invoker {
  const roles = rolesOf(member);
  return {
    id: user.id,
    name: user.globalName ?? user.username,
    isAdmin: ctx.adminUserIds.includes(user.id) || !!perms?.has(PermissionFlagsBits.ManageGuild),
    isBotAdmin: ctx.adminUserIds.includes(user.id),
    ...(roles ? { roles } : {}),
  };
}

/** The member's role ids (for permission rules): raw API members list them, cached members hold them. */
function rolesOf(member: GuildMember | APIInteractionGuildMember | null | undefined): string[] | undefined {
  if (!member) return undefined;
  if (Array.isArray(member.roles)) return [...member.roles];
  return [...(member.roles as GuildMemberRoleManager).cache.keys()];
}

/** A thread is addressed by its parent channel + thread id; everything else by its own id. */
export function locate(channel: Channel | null, channelId: string, guildId: string | null): SurfaceLocation {
  const base = { platform: 'discord' as const, ...(guildId ? { serverId: guildId } : {}) };
  if (channel?.isThread()) return { ...base, channelId: channel.parentId ?? channelId, threadId: channel.id };
  return { ...base, channelId };
}

/** A message as the target of a message action, with its files (voice messages flagged). */
export function targetOf(ctx: DiscordContext, m: Message): NonNullable<Invocation['target']> {
  const voice = m.flags.has(MessageFlags.IsVoiceMessage);
  return {
    messageId: m.id,
    text: m.content,
    authorId: m.author.id,
    attachments: [...m.attachments.values()].map((a) => toAttachment(a, ctx.downloads, voice)),
    link: m.url,
  };
}
