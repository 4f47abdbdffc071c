/**
 * Where transcripts are remembered: the state store's `transcripts` namespace, values checked
 * with zod on the way out (a malformed or unreadable entry is a miss, never an error).
 *   transcriptKey({ cacheKey, attachmentId, model, language? }) → 'discord:m1|att|model(|lang)'
 *   createTranscriptCache(store, { ttlMs, logger }) → { get(key), set(key, entry) }
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { StateStore } from '../state/store.js';

export const transcriptEntrySchema = z.object({
  text: z.string(),
  model: z.string(),
  language: z.string().optional(),
  format: z.string(),
  converted: z.boolean(),
  durationSecs: z.number().optional(),
  usage: z
    .object({
      promptTokens: z.number().optional(),
      completionTokens: z.number().optional(),
      totalTokens: z.number().optional(),
      reasoningTokens: z.number().optional(),
      cachedTokens: z.number().optional(),
      cost: z.number().optional(),
    })
    .optional(),
  generationId: z.string().optional(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export interface TranscriptCache {
  get(key: string): Promise<TranscriptEntry | undefined>;
  set(key: string, entry: TranscriptEntry): Promise<void>;
}

export const transcriptKey = (parts: {
  cacheKey: string;
  attachmentId: string;
  model: string;
  language?: string;
}) => [parts.cacheKey, parts.attachmentId, parts.model, parts.language].filter(Boolean).join('|');

export function createTranscriptCache(
  store: StateStore,
  opts: { ttlMs: number; logger: Logger },
): TranscriptCache {
  const namespace = store.namespace('transcripts');
  return {
    async get(key) {
      try {
        const parsed = transcriptEntrySchema.safeParse(await namespace.get(key));
        return parsed.success ? parsed.data : undefined;
      } catch (err) {
        opts.logger.warn({ err, key }, 'transcript cache read failed; transcribing again');
        return undefined;
      }
    },
    async set(key, entry) {
      try {
        await namespace.set(key, entry, opts.ttlMs);
      } catch (err) {
        opts.logger.warn({ err, key }, 'transcript cache write failed');
      }
    },
  };
}
