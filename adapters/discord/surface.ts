/**
 * ReplySurfaces for Discord. The interaction surface answers through the deferred reply and
 * follow-ups while the interaction token lives (15 min), then falls back to ordinary channel
 * messages (edits of the original go through the channel API too). The channel surface is used
 * in threads, DMs and for mentions.
 */
import {
  type APIMessage,
  type ChatInputCommandInteraction,
  type Message,
  type MessageComponentInteraction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  Routes,
  type SendableChannels,
} from 'discord.js';
import { SwitchboardError } from '../../src/common/errors.js';
import type {
  MessageRef,
  OutgoingMessage,
  ReplySurface,
  SurfaceLimits,
  SurfaceLocation,
} from '../../src/surface/reply-surface.js';
import type { LazyAck } from './lazy-ack.js';
import { discordMessageLink } from './place.js';
import { toDiscord, toFollowUp, toMessageBody, toVoiceMessage } from './render.js';

const TOKEN_LIFETIME_MS = 15 * 60 * 1000 - 30_000;

/** Discord's per-bot REST budget (requests per second), shared by every instance of the bot. */
export const DISCORD_GLOBAL_RPS = 50;

/** `instances`: how many processes share this bot; each takes its share of the per-bot budgets. */
export function discordLimits(editIntervalMs: number, instances = 1): SurfaceLimits {
  return {
    maxMessageChars: 2_000,
    maxUploadBytes: 10 * 1024 * 1024,
    minEditIntervalMs: editIntervalMs,
    channelEditBudget: { edits: 5, windowMs: 5_000 },
    // Discord allows 50 requests/s per bot: streaming edits take at most half
    botEditBudget: { edits: Math.max(1, Math.floor(25 / instances)), windowMs: 1_000 },
  };
}

/** Discord returns the earlier message for a repeated nonce (enforce_nonce) instead of posting twice. */
function withNonce<T extends object>(payload: T, message: OutgoingMessage) {
  return message.dedupeKey
    ? { ...payload, nonce: message.dedupeKey.slice(0, 25), enforceNonce: true }
    : payload;
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
    voiceReplies: 'voice-message',
    messageLink: (ref) => discordMessageLink(location.serverId, ref),
    // text, buttons and cards go straight to the REST client (same queues and limits as discord.js's own
    // calls) without building a discord.js message from the answer: nothing reads one back
    async post(message) {
      if (!message.files?.length) {
        const body = toMessageBody(message);
        const nonce = message.dedupeKey ? { nonce: message.dedupeKey.slice(0, 25), enforce_nonce: true } : {};
        const sent = (await channel.client.rest.post(Routes.channelMessages(channel.id), {
          body: { ...body, ...nonce },
        })) as APIMessage;
        return { id: sent.id, channelId: channel.id };
      }
      const sent = await channel.send(toVoiceMessage(message) ?? withNonce(toDiscord(message), message));
      return { id: sent.id, channelId: channel.id };
    },
    async edit(ref, message) {
      if (!('messages' in channel)) throw new Error('this channel cannot edit messages');
      if (!message.files?.length) {
        await channel.client.rest.patch(Routes.channelMessage(channel.id, ref.id), {
          body: toMessageBody(message),
        });
        return;
      }
      await channel.messages.edit(ref.id, toDiscord(message));
    },
    async typing() {
      if ('sendTyping' in channel) await channel.sendTyping();
    },
    ...(extra.openThread ? { openThread: extra.openThread } : {}),
  };
}

export type InteractionSurface = ReplySurface & {
  readonly originalUsed: boolean;
  /** The message that answered the interaction (the callback's or the deferred reply's), once sent. */
  readonly original: Message | undefined;
};

type Answerable =
  | ChatInputCommandInteraction
  | MessageComponentInteraction
  | MessageContextMenuCommandInteraction;

export function createInteractionSurface(
  interaction: Answerable,
  location: SurfaceLocation,
  limits: SurfaceLimits,
  opts: {
    now?: () => number;
    replaceOriginal: boolean;
    ephemeral?: boolean;
    /** For buttons: the message the button is on is the interaction's `@original`. */
    componentMessageId?: string;
    /** Commands: the callback is sent lazily (the first message itself when it comes soon enough). */
    ack?: LazyAck;
  },
): InteractionSurface {
  const now = opts.now ?? Date.now;
  const started = now();
  let expired = false;
  const live = () => !expired && now() - started < TOKEN_LIFETIME_MS;
  /** Runs a webhook call; if Discord says the token is gone, remembers it and runs the fallback. */
  async function viaToken<T>(call: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!isExpiredToken(err)) throw err;
      expired = true;
      return fallback();
    }
  }
  let originalUsed = !opts.replaceOriginal;
  let originalId: string | undefined = opts.componentMessageId;
  let original: Message | undefined;
  const channel = interaction.channel;
  const ack = opts.ack;

  const surface: InteractionSurface = {
    location,
    limits,
    voiceReplies: 'voice-message',
    messageLink: (ref) => discordMessageLink(location.serverId, ref),
    // a private answer is edited through its interaction token, never in the channel
    ...(opts.ephemeral ? { editBucket: `interaction:${interaction.id}` } : {}),
    get originalUsed() {
      return originalUsed;
    },
    get original() {
      return original;
    },
    async post(message: OutgoingMessage): Promise<MessageRef> {
      const viaChannel = async () => {
        if (opts.ephemeral || message.ephemeral) throw privateExpired();
        if (!channel?.isSendable()) throw new Error('cannot post in this channel');
        const sent = await channel.send(toVoiceMessage(message) ?? toDiscord(message));
        return { id: sent.id, channelId: sent.channelId };
      };
      const voice = toVoiceMessage(message);
      if (voice) {
        // a voice message cannot replace the deferred reply (an edit); it always follows it
        if (!live()) return viaChannel();
        await ack?.defer();
        return viaToken(async () => {
          const sent = await interaction.followUp(
            opts.ephemeral ? { ...voice, flags: voice.flags | MessageFlags.Ephemeral } : voice,
          );
          return { id: sent.id, channelId: sent.channelId };
        }, viaChannel);
      }
      if (!originalUsed && live() && message.ephemeral && !opts.ephemeral) {
        // a private message (e.g. a refusal) must not replace the public "thinking…" reply
        originalUsed = true;
        // also when a defer is under way: reply() then waits for it (discord.js refuses a follow-up before)
        if (ack) {
          const sent = await ack.reply(toDiscord(message), true);
          if (sent) return { id: sent.id, channelId: sent.channelId };
        }
        return viaToken(async () => {
          await interaction.deleteReply().catch(() => undefined);
          const sent = await interaction.followUp(toFollowUp(message, true));
          return { id: sent.id, channelId: sent.channelId };
        }, viaChannel);
      }
      if (!originalUsed && live()) {
        originalUsed = true;
        // a defer still under way is waited for: discord.js refuses editReply until it completed
        const replied = ack ? await ack.reply(toDiscord(message), false) : undefined;
        if (replied) {
          original = replied;
          originalId = replied.id;
          return { id: replied.id, channelId: replied.channelId };
        }
        return viaToken(async () => {
          const sent = await interaction.editReply(toDiscord(message));
          original = sent;
          originalId = sent.id;
          return { id: sent.id, channelId: sent.channelId };
        }, viaChannel);
      }
      if (!live()) return viaChannel();
      await ack?.defer();
      return viaToken(async () => {
        // everything said on a private surface stays private, not only its first message
        const sent = await interaction.followUp(toFollowUp(message, !!(opts.ephemeral || message.ephemeral)));
        return { id: sent.id, channelId: sent.channelId };
      }, viaChannel);
    },
    async edit(ref, message) {
      const viaChannel = async () => {
        if (opts.ephemeral) throw privateExpired();
        if (!channel || !('messages' in channel)) throw new Error('cannot edit in this channel');
        await channel.messages.edit(ref.id, toDiscord(message));
      };
      if (!live()) return viaChannel();
      await viaToken(async () => {
        await interaction.editReply({
          ...toDiscord(message),
          message: ref.id === originalId ? '@original' : ref.id,
        });
      }, viaChannel);
    },
    async typing() {
      if (channel && 'sendTyping' in channel) await channel.sendTyping();
    },
  };
  return surface;
}

/** Discord's answers for a webhook token that is no longer valid (Unknown Webhook, Invalid Webhook Token). */
export function isExpiredToken(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 10015 || code === 50027;
}

function privateExpired(): SwitchboardError {
  return new SwitchboardError(
    'DISCORD.PRIVATE_REPLY_EXPIRED',
    'Discord only lets a private answer be updated for 15 minutes. Ask again (without private) for long work.',
  );
}
