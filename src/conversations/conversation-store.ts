/**
 * Thread histories in the state store, one entry per conversation key. Updates to one conversation
 * are serialized in-process, so two quick replies in a thread never overwrite each other's turn.
 */
import type { Logger } from 'pino';
import { createKeyedLock } from '../state/keyed-lock.js';
import type { StateStore } from '../state/store.js';
import { type Conversation, conversationSchema } from './types.js';

/** Histories older than this (since the last turn) are forgotten. */
const TTL_MS = 90 * 24 * 60 * 60 * 1000;

export interface ConversationStore {
  get(key: string): Promise<Conversation | undefined>;
  /** Read-modify-write under the conversation's lock. */
  update(key: string, change: (current: Conversation | undefined) => Conversation): Promise<Conversation>;
  delete(key: string): Promise<void>;
}

export function createConversationStore(store: StateStore, logger?: Logger): ConversationStore {
  const ns = store.namespace('conversations');
  const lock = createKeyedLock();
  const read = async (key: string) => {
    const raw = await ns.get<unknown>(key);
    if (raw === undefined) return undefined;
    const parsed = conversationSchema.safeParse(raw);
    if (!parsed.success) {
      logger?.warn(
        { key, issues: parsed.error.issues.length },
        'stored conversation unreadable; starting afresh',
      );
      return undefined;
    }
    return parsed.data;
  };
  return {
    get: read,
    update: (key, change) =>
      lock.run(key, async () => {
        const next = change(await read(key));
        await ns.set(key, next, TTL_MS);
        return next;
      }),
    async delete(key) {
      await ns.delete(key);
    },
  };
}

/**
 * Where a conversation lives: a thread is its own conversation (shared by everyone in it); outside
 * threads (DMs, the terminal, a channel without threads) each user has their own.
 */
export function conversationKey(loc: {
  platform: string;
  channelId: string;
  threadId?: string;
  userId: string;
}): string {
  return loc.threadId
    ? `${loc.platform}:thread:${loc.threadId}`
    : `${loc.platform}:channel:${loc.channelId}:user:${loc.userId}`;
}
