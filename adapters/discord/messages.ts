/**
 * Plain messages: translated into the core's IncomingMessage (src/chat/incoming-message.ts decides
 * whether and how to answer: mention, reply in a Switchboard thread, DM, voice note). This file only
 * reads the Discord message and offers its surfaces: the channel, and a thread on the message.
 */
import { type Message, MessageFlags } from 'discord.js';
import type { IncomingMessage, MessageReplies } from '../../src/chat/incoming-message.js';
import { toAttachment } from './attachments.js';
import { type DiscordContext, invoker, locate } from './context.js';
import { discordPlace } from './place.js';
import { createChannelSurface } from './surface.js';
import { threadFrom } from './threads.js';

function incoming(ctx: DiscordContext, message: Message<boolean>): IncomingMessage {
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
    // every session receives every message: the instance that claims it first answers it
    claim: () => ctx.claims.claim('message', message.id),
    ...(voice ? { voiceNote: toAttachment(voice, ctx.downloads, true) } : {}),
    ...(loc.serverId ? { serverId: loc.serverId } : {}),
    ...(loc.threadId ? { threadId: loc.threadId } : {}),
  };
}

function replies(ctx: DiscordContext, message: Message<boolean>): MessageReplies | undefined {
  const channel = message.channel;
  if (!channel.isSendable()) return undefined;
  const loc = locate(channel, message.channelId, message.guildId);
  return {
    here: createChannelSurface(channel, loc, ctx.limits),
    async openThread(title) {
      if (!message.inGuild()) return undefined;
      const thread = await threadFrom(message, title, ctx.logger);
      if (!thread) return undefined;
      return {
        threadId: thread.id,
        surface: createChannelSurface(thread, { ...loc, threadId: thread.id }, ctx.limits),
      };
    },
  };
}

export async function handleMessage(ctx: DiscordContext, message: Message): Promise<void> {
  try {
    if (message.author.bot || message.system) return;
    const out = replies(ctx, message);
    if (out) await ctx.app.messages.handle(incoming(ctx, message), out);
  } catch (err) {
    ctx.logger.error({ err, message: message.id }, 'message handler failed');
  }
}
