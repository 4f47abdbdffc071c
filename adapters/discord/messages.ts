/**
 * Plain messages: translated into the core's IncomingMessage (src/chat/incoming-message.ts decides
 * whether and how to answer: mention, reply in a Switchboard thread, DM, voice note). This file only
 * reads the Discord message and offers its surfaces: the channel, and a thread on the message.
 */
import { type Message, MessageFlags } from 'discord.js';
import type { IncomingMessage, MessageReplies } from '../../src/chat/incoming-message.js';
import { confirmingSurface } from '../../src/dispatch/confirming-surface.js';
import type { EventTicket } from '../../src/dispatch/event-claims.js';
import { toAttachment } from './attachments.js';
import { type DiscordContext, invoker, locate } from './context.js';
import { discordPlace } from './place.js';
import { createChannelSurface } from './surface.js';
import { threadFrom } from './threads.js';

function incoming(ctx: DiscordContext, message: Message<boolean>, ticket: EventTicket): IncomingMessage {
  const me = message.client.user.id;
  const loc = locate(message.channel, message.channelId, message.guildId);
  const channel = message.channel;
  const voice = message.flags.has(MessageFlags.IsVoiceMessage) ? message.attachments.first() : undefined;
  return {
    platform: 'discord',
    place: discordPlace(message.guildId),
    channelId: loc.channelId,
    requestId: message.id,
    authorId: message.author.id,
    author: () => invoker(ctx, message.author, message.member?.permissions ?? null, message.member),
    text: message.content.replaceAll(`<@${me}>`, '').replaceAll(`<@!${me}>`, ''),
    attachments: [...message.attachments.values()].map((a) => toAttachment(a, ctx.downloads)),
    mentioned: message.mentions.users.has(me),
    inOwnThread: channel.isThread() && channel.ownerId === me,
    // every session receives every message: the instance that claims it first answers it (or, if that
    // one dies before its answer shows, the instance that takes the claim over)
    claim: () => ticket.claim(),
    ...(voice ? { voiceNote: toAttachment(voice, ctx.downloads, true) } : {}),
    ...(loc.serverId ? { serverId: loc.serverId } : {}),
    ...(loc.threadId ? { threadId: loc.threadId } : {}),
  };
}

/** The channel and a thread on the message; the claim is confirmed once either shows something. */
function replies(
  ctx: DiscordContext,
  message: Message<boolean>,
  ticket: EventTicket,
): MessageReplies | undefined {
  const channel = message.channel;
  if (!channel.isSendable()) return undefined;
  const loc = locate(channel, message.channelId, message.guildId);
  return {
    here: confirmingSurface(createChannelSurface(channel, loc, ctx.limits), () => ticket.confirm()),
    async openThread(title) {
      if (!message.inGuild()) return undefined;
      const thread = await threadFrom(message, title, ctx.logger);
      if (!thread) return undefined;
      await ticket.confirm();
      return {
        threadId: thread.id,
        surface: createChannelSurface(thread, { ...loc, threadId: thread.id }, ctx.limits),
      };
    },
  };
}

/** `held`: the claim this instance took over from a gone one (the message is handled again here). */
export async function handleMessage(
  ctx: DiscordContext,
  message: Message,
  held?: EventTicket,
): Promise<void> {
  if (message.author.bot || message.system) return;
  const ticket = held ?? ctx.claims.ticket('message', message.id, (t) => handleMessage(ctx, message, t));
  try {
    const out = replies(ctx, message, ticket);
    if (out) await ctx.app.messages.handle(incoming(ctx, message, ticket), out);
  } catch (err) {
    ctx.logger.error({ err, message: message.id }, 'message handler failed');
  } finally {
    // handled (or not for us, or failed and said so): never taken over
    await ticket.confirm();
  }
}
