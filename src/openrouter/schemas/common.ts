/**
 * Shapes shared by several OpenRouter areas (field names as in the official openapi.yaml).
 * Response objects are loose: unknown keys pass through; required keys must be present.
 */
import { z } from 'zod';

const priceLimit = z.union([z.string(), z.number()]);
const percentiles = z.union([
  z.number(),
  z.looseObject({
    p50: z.number().optional(),
    p75: z.number().optional(),
    p90: z.number().optional(),
    p99: z.number().optional(),
  }),
]);

/** `provider` routing preferences accepted by chat, responses, messages, embeddings and rerank. */
export const providerPreferencesSchema = z.looseObject({
  order: z.array(z.string()).nullish(),
  allow_fallbacks: z.boolean().nullish(),
  require_parameters: z.boolean().nullish(),
  data_collection: z.enum(['allow', 'deny']).nullish(),
  zdr: z.boolean().nullish(),
  enforce_distillable_text: z.boolean().nullish(),
  only: z.array(z.string()).nullish(),
  ignore: z.array(z.string()).nullish(),
  quantizations: z.array(z.string()).nullish(),
  sort: z
    .union([z.enum(['price', 'throughput', 'latency', 'exacto']), z.looseObject({ by: z.string() })])
    .nullish(),
  preferred_min_throughput: percentiles.nullish(),
  preferred_max_latency: percentiles.nullish(),
  max_price: z
    .looseObject({
      prompt: priceLimit.optional(),
      completion: priceLimit.optional(),
      image: priceLimit.optional(),
      audio: priceLimit.optional(),
      request: priceLimit.optional(),
    })
    .nullish(),
});

/** Audio/video endpoints take per-provider passthrough options instead. */
export const providerOptionsSchema = z.looseObject({ options: z.record(z.string(), z.unknown()).optional() });

export const pluginSchema = z.looseObject({ id: z.string(), enabled: z.boolean().optional() });

export const reasoningEffortSchema = z.enum(['max', 'xhigh', 'high', 'medium', 'low', 'minimal', 'none']);

export const costDetailsSchema = z.looseObject({
  upstream_inference_cost: z.number().nullish(),
});

/** Chat-style usage (chat completions, final stream chunk, embeddings). */
export const chatUsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  cost: z.number().nullish(),
  is_byok: z.boolean().optional(),
  cost_details: costDetailsSchema.nullish(),
});
export type ChatUsage = z.infer<typeof chatUsageSchema>;

/** Pricing: strings of USD per token / unit. */
export const pricingSchema = z.looseObject({
  prompt: z.union([z.string(), z.number()]),
  completion: z.union([z.string(), z.number()]),
  request: z.union([z.string(), z.number()]).optional(),
  image: z.union([z.string(), z.number()]).optional(),
  web_search: z.union([z.string(), z.number()]).optional(),
  internal_reasoning: z.union([z.string(), z.number()]).optional(),
  input_cache_read: z.union([z.string(), z.number()]).optional(),
  input_cache_write: z.union([z.string(), z.number()]).optional(),
});
export type Pricing = z.infer<typeof pricingSchema>;

/** `{ data: T[] }` list envelope. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item) });
}

/** `{ data: T }` envelope. */
export function dataOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: item });
}
