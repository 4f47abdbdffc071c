/**
 * Threads for conversations, where the channel allows them: only text and announcement channels
 * can hold message threads, and the bot may lack Create Public Threads. Anywhere else the answer
 * simply stays in the channel (a voice channel's chat, say) instead of failing.
 */
import { type AnyThreadChannel, ChannelType, type Message } from 'discord.js';
import type { Logger } from 'pino';

export async function threadFrom(
  message: Message,
  name: string,
  logger: Logger,
): Promise<AnyThreadChannel | undefined> {
  const type = message.channel.type;
  if (type !== ChannelType.GuildText && type !== ChannelType.GuildAnnouncement) return undefined;
  try {
    return await message.startThread({ name: name.slice(0, 100), autoArchiveDuration: 1440 });
  } catch (err) {
    const existing = await threadAlreadyOn(message, err);
    if (existing) return existing;
    logger.warn({ err, channel: message.channelId }, 'could not open a thread; answering in the channel');
    return undefined;
  }
}

/** Discord error: a thread was already created for this message. */
const THREAD_ALREADY_CREATED = 160004;

/**
 * The thread the message already has (it bears the message's id), e.g. opened by an instance that died
 * right after: the answer goes there rather than into the channel.
 */
async function threadAlreadyOn(message: Message, err: unknown): Promise<AnyThreadChannel | undefined> {
  if ((err as { code?: unknown } | null)?.code !== THREAD_ALREADY_CREATED) return undefined;
  const thread = await message.client.channels.fetch(message.id).catch(() => null);
  return thread?.isThread() ? thread : undefined;
}
