/**
 * Answers being streamed, kept in the state store while they stream: where they show, the text
 * so far (written at the edit cadence, one write at a time, the latest state winning) and the
 * generation id. An entry is removed when its answer is stored; one that is still there after a
 * restart was cut off by a crash (see answer-recovery.ts).
 */

import type { Logger } from 'pino';
import { z } from 'zod';
import type { StateStore } from '../state/store.js';
import type { StreamProgress } from '../streaming/stream-answer.js';

const refSchema = z.object({ id: z.string(), channelId: z.string(), threadId: z.string().optional() });

export const journalEntrySchema = z.object({
  id: z.string(),
  /** The instance that streams it (with several instances, the others finish it once this one is gone). */
  instanceId: z.string().optional(),
  conversationKey: z.string(),
  /** When the question was stored (the answer belongs right after it). */
  questionAt: z.number(),
  userId: z.string(),
  location: z.object({
    platform: z.string(),
    serverId: z.string().optional(),
    channelId: z.string(),
    threadId: z.string().optional(),
  }),
  model: z.string(),
  generationId: z.string().optional(),
  text: z.string(),
  messages: z.array(refSchema),
  controls: refSchema.optional(),
  native: z.boolean(),
  startedAt: z.number(),
  /** Refreshed while the answer streams, also when no text comes: a live answer is never taken for a dead one. */
  updatedAt: z.number(),
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export interface JournalHandle {
  progress(p: StreamProgress, generationId?: string): void;
  /** The answer was stored: forget the entry (after pending writes). */
  end(): Promise<void>;
}

export interface AnswerJournal {
  begin(
    entry: Omit<JournalEntry, 'text' | 'messages' | 'native' | 'updatedAt' | 'instanceId'>,
  ): JournalHandle;
  entries(): Promise<JournalEntry[]>;
  remove(id: string): Promise<void>;
}

/** Entries older than this are forgotten by the store itself (an answer never streams this long). */
const TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const HEARTBEAT_MS = 30_000;

export function createAnswerJournal(
  store: StateStore,
  deps: { logger: Logger; now?: () => number; instanceId?: string },
): AnswerJournal {
  const ns = store.namespace('answers-in-flight');
  /**
   * Clearing a finished answer's entry need not wait for the disk: its answer is already stored, and an entry
   * a crash leaves behind is recognised as stored and cleared at the restart (answer-recovery.ts). On the
   * SQLite file the removal goes with the next batch, within STATE_COMMIT_INTERVAL_MS, instead of a commit of
   * its own per answer.
   */
  const cleared = store.namespace('answers-in-flight', { durable: false });
  const now = deps.now ?? Date.now;
  return {
    begin(start) {
      let entry: JournalEntry = {
        ...start,
        ...(deps.instanceId ? { instanceId: deps.instanceId } : {}),
        text: '',
        messages: [],
        native: false,
        updatedAt: now(),
      };
      let writing: Promise<void> | undefined;
      let dirty = false;
      let ended = false;
      const flush = (): Promise<void> => {
        if (writing) {
          dirty = true;
          return writing;
        }
        writing = (async () => {
          do {
            dirty = false;
            const kept = { ...entry, updatedAt: now() };
            await ns.set(entry.id, kept, TTL_MS).then(
              () =>
                deps.logger.debug(
                  { answer: kept.id, chars: kept.text.length, controls: kept.controls !== undefined },
                  'streaming answer kept',
                ),
              (err: unknown) => deps.logger.warn({ err }, 'could not keep the streaming answer'),
            );
          } while (dirty && !ended);
          writing = undefined;
        })();
        return writing;
      };
      const heartbeat = setInterval(() => void flush(), HEARTBEAT_MS);
      heartbeat.unref();
      void flush();
      return {
        progress(p, generationId) {
          if (ended) return;
          entry = {
            ...entry,
            text: p.text,
            messages: p.messages.map((m) => ({ ...m })),
            native: p.native,
            ...(p.controls ? { controls: { ...p.controls } } : {}),
            ...(generationId ? { generationId } : {}),
          };
          void flush();
        },
        async end() {
          ended = true;
          clearInterval(heartbeat);
          while (writing) await writing;
          await cleared
            .delete(entry.id)
            .catch((err: unknown) => deps.logger.warn({ err }, 'could not clear a finished answer'));
        },
      };
    },
    async entries() {
      const out: JournalEntry[] = [];
      for await (const [, raw] of ns.entries<unknown>()) {
        const parsed = journalEntrySchema.safeParse(raw);
        if (parsed.success) out.push(parsed.data);
      }
      return out;
    },
    async remove(id) {
      await ns.delete(id);
    },
  };
}
