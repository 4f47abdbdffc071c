/**
 * Mentions, thread replies, DMs and audio clips: Slack's message events translated into the core's
 * IncomingMessage (src/chat/incoming-message.ts decides whether and how to answer). A thread on a
 * message is its `thread_ts`; each event is taken once, however often Slack retries it.
 */
import type { WebClient } from '@slack/web-api';
import type { IncomingMessage, MessageReplies } from '../../src/chat/incoming-message.js';
import { audioOf } from '../../src/media/detect.js';
import type { SurfaceLocation } from '../../src/surface/reply-surface.js';
import { firstDelivery, type SlackContext, slackInvoker, surfaceBase } from './context.js';
import { type SlackFile, toAttachment } from './files.js';
import { fromSlackText } from './incoming-text.js';
import { slackPlace } from './place.js';
import { createSlackSurface } from './surface.js';

/** The fields of a Slack message event this adapter reads. */
export interface SlackMessageEvent {
  channel: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel_type?: string;
  team?: string;
  files?: SlackFile[];
  bot_id?: string;
  subtype?: string;
}

export interface EventInfo {
  eventId?: string;
  botUserId?: string;
  teamId?: string;
}

export function stripMention(text: string, botUserId: string | undefined): string {
  return (botUserId ? text.replaceAll(`<@${botUserId}>`, '') : text.replace(/^<@[A-Z0-9]+>\s*/, '')).trim();
}

/** The core's view of a person's message (undefined for bots and messages without an author). */
export function incoming(
  ctx: SlackContext,
  client: WebClient,
  m: SlackMessageEvent,
  info: EventInfo & { mentioned: boolean },
): IncomingMessage | undefined {
  const userId = m.user;
  if (!userId || m.bot_id) return undefined;
  const teamId = m.team ?? info.teamId;
  const place = slackPlace(m.channel);
  const attachments = (m.files ?? []).map((f) => toAttachment(ctx, f));
  const voice = audioOf(attachments);
  return {
    platform: 'slack',
    place: m.channel_type === 'im' ? { ...place, direct: true } : place,
    channelId: m.channel,
    authorId: userId,
    author: (options) => slackInvoker(ctx, client, userId, options),
    text: fromSlackText(stripMention(m.text ?? '', info.botUserId)),
    attachments,
    mentioned: info.mentioned,
    claim: async () => {
      if (await firstDelivery(ctx, info.eventId)) return true;
      ctx.logger.info({ eventId: info.eventId }, 'duplicate Slack event ignored');
      return false;
    },
    ...(voice ? { voiceNote: voice } : {}),
    ...(info.eventId ? { requestId: info.eventId } : {}),
    ...(teamId ? { serverId: teamId } : {}),
    ...(m.thread_ts ? { threadId: m.thread_ts } : {}),
  };
}

/** Where answers go: the message's channel, DM or thread; a thread on it is its own ts. */
export function replies(
  ctx: SlackContext,
  client: WebClient,
  m: IncomingMessage,
  ts: string,
): MessageReplies {
  const location: SurfaceLocation = {
    platform: m.platform,
    channelId: m.channelId,
    ...(m.serverId ? { serverId: m.serverId } : {}),
    ...(m.threadId ? { threadId: m.threadId } : {}),
  };
  const surfaceAt = (at: SurfaceLocation) =>
    createSlackSurface({ ...surfaceBase(ctx, client, m.authorId), location: at });
  return {
    here: surfaceAt(location),
    openThread: async () => ({ threadId: ts, surface: surfaceAt({ ...location, threadId: ts }) }),
  };
}
