/** A conversation is one thread's history; zod-validated when read back from the store. */
import { z } from 'zod';

/**
 * An attached image by reference: where it came from and what it was, never its bytes. The bytes
 * are fetched again (and prepared for the model) each time a request is built.
 */
export const imageRefSchema = z.object({
  type: z.literal('image-ref'),
  platform: z.string(),
  id: z.string(),
  url: z.string(),
  name: z.string(),
  mediaType: z.string().optional(),
  size: z.number().optional(),
  /** sha256 (hex) of the original bytes. */
  sha256: z.string().optional(),
  /** Bytes of the prepared (downscaled) image, when it was prepared once: budgets are planned with it. */
  preparedBytes: z.number().optional(),
});
export type ImageRef = z.infer<typeof imageRefSchema>;

export const contentPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  /** An image inline in a request; in stored conversations only from before images were kept by reference. */
  z.object({ type: z.literal('image'), url: z.string(), mediaType: z.string().optional() }),
  imageRefSchema,
]);
export type ContentPart = z.infer<typeof contentPartSchema>;

const usageSchema = z
  .object({
    promptTokens: z.number().optional(),
    completionTokens: z.number().optional(),
    totalTokens: z.number().optional(),
    reasoningTokens: z.number().optional(),
    cachedTokens: z.number().optional(),
    cost: z.number().optional(),
  })
  .partial();

export const turnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  parts: z.array(contentPartSchema),
  authorId: z.string().optional(),
  authorName: z.string().optional(),
  model: z.string().optional(),
  generationId: z.string().optional(),
  usage: usageSchema.optional(),
  /** complete, or cut short: stopped by the user / failed mid-stream / interrupted by a restart. */
  status: z.enum(['complete', 'stopped', 'failed', 'interrupted']).default('complete'),
  at: z.number(),
});
export type Turn = z.infer<typeof turnSchema>;

export const backendSchema = z.enum(['chat', 'messages', 'responses']);
export type Backend = z.infer<typeof backendSchema>;

export const conversationSchema = z.object({
  key: z.string(),
  ownerId: z.string(),
  platform: z.string(),
  channelId: z.string(),
  serverId: z.string().optional(),
  threadId: z.string().optional(),
  model: z.string().optional(),
  backend: backendSchema.optional(),
  /** Image options of an image conversation (/imagine's aspect_ratio, image_size), kept for replies and Regenerate. */
  imageConfig: z.record(z.string(), z.string()).optional(),
  createdAt: z.number(),
  turns: z.array(turnSchema),
});
export type Conversation = z.infer<typeof conversationSchema>;

export function turnText(turn: Turn): string {
  return turn.parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text)
    .join('\n');
}
