/** POST /embeddings and POST /rerank. */
import { z } from 'zod';
import { providerPreferencesSchema } from './common.js';

export const embeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([
    z.string(),
    z.array(z.string()).min(1),
    z.array(z.number()).min(1),
    z.array(z.array(z.number())).min(1),
    z.array(z.looseObject({ content: z.array(z.looseObject({ type: z.string() })) })).min(1),
  ]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  input_type: z.string().optional(),
  provider: providerPreferencesSchema.optional(),
  user: z.string().optional(),
});
export type EmbeddingsRequest = z.input<typeof embeddingsRequestSchema>;

export const embeddingsResultSchema = z.looseObject({
  object: z.literal('list'),
  id: z.string().optional(),
  model: z.string(),
  data: z.array(
    z.looseObject({
      object: z.literal('embedding'),
      index: z.number().int().optional(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  usage: z
    .looseObject({ prompt_tokens: z.number(), total_tokens: z.number(), cost: z.number().nullish() })
    .optional(),
});
export type EmbeddingsResult = z.infer<typeof embeddingsResultSchema>;

const rerankDocument = z.union([
  z.string(),
  z.looseObject({ text: z.string().optional(), image: z.string().optional() }),
]);

export const rerankRequestSchema = z.looseObject({
  model: z.string().min(1),
  query: z.string().min(1),
  documents: z.array(rerankDocument).min(1),
  top_n: z.number().int().positive().optional(),
  provider: providerPreferencesSchema.optional(),
});
export type RerankRequest = z.input<typeof rerankRequestSchema>;

export const rerankResultSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string(),
  provider: z.string().optional(),
  results: z.array(
    z.looseObject({
      index: z.number().int(),
      relevance_score: z.number(),
      document: z.looseObject({ text: z.string().nullish(), image: z.string().nullish() }),
    }),
  ),
  usage: z
    .looseObject({
      total_tokens: z.number().optional(),
      search_units: z.number().optional(),
      cost: z.number().nullish(),
    })
    .optional(),
});
export type RerankResult = z.infer<typeof rerankResultSchema>;
