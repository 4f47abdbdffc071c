/**
 * Plain messages: a reply inside a Switchboard thread continues its conversation (no mention
 * needed), an @mention in a channel starts a thread from that message, and DMs just chat.
 */
import { type Message, MessageFlags } from 'discord.js';
import { threadTitle } from '../../commands/chat.js';
import { autoTranscribes } from '../../commands/config.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { conversationKey } from '../../src/conversations/conversation-store.js';
import type { SurfaceLocation } from '../../src/surface/reply-surface.js';
import { toAttachment } from './attachments.js';
import { type DiscordContext, invoker, locate } from './context.js';
import { createChannelSurface } from './surface.js';
import { threadFrom } from './threads.js';

async function isOurThread(ctx: DiscordContext, message: Message, threadId: string, parentId: string) {
  const channel = message.channel;
  if (channel.isThread() && channel.ownerId === message.client.user.id) return true;
  const key = conversationKey({
    platform: 'discord',
    channelId: parentId,
    threadId,
    userId: message.author.id,
  });
  return (await ctx.app.services.conversations.get(key)) !== undefined;
}

/** Automatic mode: the voice note's transcript goes in a thread on it (or in the thread it was sent in). */
async function transcribeVoiceNote(ctx: DiscordContext, message: Message, loc: SurfaceLocation) {
  const file = message.attachments.first();
  if (!file || !message.channel.isSendable()) return;
  const user = invoker(ctx, message.author, message.member?.permissions ?? null, message.member);
  let surface = createChannelSurface(message.channel, loc, ctx.limits);
  let threadId = loc.threadId;
  const thread =
    message.inGuild() && !threadId
      ? await threadFrom(message, `Voice note from ${user.name}`, ctx.logger)
      : undefined;
  if (thread) {
    threadId = thread.id;
    surface = createChannelSurface(thread, { ...loc, threadId }, ctx.limits);
  }
  const invocation: Invocation = {
    platform: 'discord',
    command: 'transcribe',
    user,
    channelId: loc.channelId,
    requestId: message.id,
    ...(loc.serverId ? { serverId: loc.serverId } : {}),
    ...(threadId ? { threadId } : {}),
  };
  await ctx.app.dispatcher.dispatchCommand(
    invocation,
    { file: toAttachment(file, ctx.downloads, true) },
    surface,
  );
}

export async function handleMessage(ctx: DiscordContext, message: Message): Promise<void> {
  try {
    if (message.author.bot || message.system || !message.channel.isSendable()) return;
    const me = message.client.user.id;
    const loc = locate(message.channel, message.channelId, message.guildId);
    if (message.flags.has(MessageFlags.IsVoiceMessage)) {
      if (await autoTranscribes(ctx.app.services.settings, 'discord', loc.channelId)) {
        if (!(await ctx.claims.claim('message', message.id))) return;
        return await transcribeVoiceNote(ctx, message, loc);
      }
    }
    const mentioned = message.mentions.users.has(me);
    const inThread =
      loc.threadId !== undefined && (await isOurThread(ctx, message, loc.threadId, loc.channelId));
    if (message.inGuild() && !inThread && !mentioned) return;
    // every session receives every message: the instance that claims it first answers it
    if (!(await ctx.claims.claim('message', message.id))) return;

    const prompt = message.content.replaceAll(`<@${me}>`, '').replaceAll(`<@!${me}>`, '').trim();
    const attachments = [...message.attachments.values()].map((a) => toAttachment(a, ctx.downloads));
    if (!prompt && attachments.length === 0) return;

    const invocation: Invocation = {
      platform: 'discord',
      command: 'chat',
      user: invoker(ctx, message.author, message.member?.permissions ?? null, message.member),
      channelId: loc.channelId,
      requestId: message.id,
      attachments,
      ...(loc.serverId ? { serverId: loc.serverId } : {}),
      ...(loc.threadId ? { threadId: loc.threadId } : {}),
    };
    let surface = createChannelSurface(message.channel, loc, ctx.limits);
    const thread =
      message.inGuild() && !loc.threadId
        ? await threadFrom(message, threadTitle(prompt || 'Files'), ctx.logger)
        : undefined;
    if (thread) {
      invocation.threadId = thread.id;
      surface = createChannelSurface(thread, { ...loc, threadId: thread.id }, ctx.limits);
    }
    await ctx.app.dispatcher.dispatchCommand(
      invocation,
      { prompt: prompt || 'Please look at the attached file.' },
      surface,
    );
  } catch (err) {
    ctx.logger.error({ err, message: message.id }, 'message handler failed');
  }
}
