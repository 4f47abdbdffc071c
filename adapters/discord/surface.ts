/**
 * ReplySurfaces for Discord. The interaction surface answers through the deferred reply and
 * follow-ups while the interaction token lives (15 min), then falls back to ordinary channel
 * messages (edits of the original go through the channel API too). The channel surface is used
 * in threads, DMs and for mentions.
 */
import type { ChatInputCommandInteraction, MessageComponentInteraction, SendableChannels } from 'discord.js';
import type {
  MessageRef,
  OutgoingMessage,
  ReplySurface,
  SurfaceLimits,
  SurfaceLocation,
} from '../../src/reply.js';
import { toDiscord, toFollowUp } from './render.js';

const TOKEN_LIFETIME_MS = 15 * 60 * 1000 - 30_000;

export function discordLimits(editIntervalMs: number): SurfaceLimits {
  return {
    maxMessageChars: 2_000,
    maxUploadBytes: 10 * 1024 * 1024,
    minEditIntervalMs: editIntervalMs,
    channelEditBudget: { edits: 5, windowMs: 5_000 },
  };
}

export function createChannelSurface(
  channel: SendableChannels,
  location: SurfaceLocation,
  limits: SurfaceLimits,
  extra: { openThread?: ReplySurface['openThread'] } = {},
): ReplySurface {
  return {
    location,
    limits,
    async post(message) {
      const sent = await channel.send(toDiscord(message));
      return { id: sent.id, channelId: channel.id };
    },
    async edit(ref, message) {
      if (!('messages' in channel)) throw new Error('this channel cannot edit messages');
      await channel.messages.edit(ref.id, toDiscord(message));
    },
    async typing() {
      if ('sendTyping' in channel) await channel.sendTyping();
    },
    ...(extra.openThread ? { openThread: extra.openThread } : {}),
  };
}

type Answerable = ChatInputCommandInteraction | MessageComponentInteraction;

export function createInteractionSurface(
  interaction: Answerable,
  location: SurfaceLocation,
  limits: SurfaceLimits,
  opts: { now?: () => number; replaceOriginal: boolean },
): ReplySurface & { readonly originalUsed: boolean } {
  const now = opts.now ?? Date.now;
  const started = now();
  const live = () => now() - started < TOKEN_LIFETIME_MS;
  let originalUsed = !opts.replaceOriginal;
  let originalId: string | undefined;
  const channel = interaction.channel;

  const surface: ReplySurface & { readonly originalUsed: boolean } = {
    location,
    limits,
    get originalUsed() {
      return originalUsed;
    },
    async post(message: OutgoingMessage): Promise<MessageRef> {
      if (!originalUsed && live()) {
        originalUsed = true;
        const sent = await interaction.editReply(toDiscord(message));
        originalId = sent.id;
        return { id: sent.id, channelId: sent.channelId };
      }
      if (live() || message.ephemeral) {
        const sent = await interaction.followUp(toFollowUp(message, !!message.ephemeral));
        return { id: sent.id, channelId: sent.channelId };
      }
      if (!channel?.isSendable()) throw new Error('cannot post in this channel');
      const sent = await channel.send(toDiscord(message));
      return { id: sent.id, channelId: sent.channelId };
    },
    async edit(ref, message) {
      if (live()) {
        await interaction.editReply({
          ...toDiscord(message),
          message: ref.id === originalId ? '@original' : ref.id,
        });
        return;
      }
      if (!channel || !('messages' in channel)) throw new Error('cannot edit in this channel');
      await channel.messages.edit(ref.id, toDiscord(message));
    },
    async typing() {
      if (channel && 'sendTyping' in channel) await channel.sendTyping();
    },
  };
  return surface;
}
