/** The model catalogue: models, count, per-user, by author/slug, endpoints, ZDR endpoints, providers. */
import { z } from 'zod';
import { pricingSchema } from './common.js';

export const architectureSchema = z.looseObject({
  modality: z.string().nullish(),
  input_modalities: z.array(z.string()),
  output_modalities: z.array(z.string()),
  tokenizer: z.string().nullish(),
  instruct_type: z.string().nullish(),
});

export const modelSchema = z.looseObject({
  id: z.string(),
  canonical_slug: z.string(),
  name: z.string(),
  created: z.number(),
  description: z.string().optional(),
  context_length: z.number().nullable(),
  pricing: pricingSchema,
  architecture: architectureSchema,
  top_provider: z.looseObject({
    is_moderated: z.boolean(),
    context_length: z.number().nullish(),
    max_completion_tokens: z.number().nullish(),
  }),
  per_request_limits: z.looseObject({}).nullable(),
  supported_parameters: z.array(z.string()),
  default_parameters: z.looseObject({}).nullable(),
  supported_voices: z.array(z.string()).nullable().optional(),
  expiration_date: z.string().nullish(),
  reasoning: z.looseObject({}).optional(),
});
export type Model = z.infer<typeof modelSchema>;

/** `{data, total_count, links}`; older deployments send only `data`, so the rest is tolerated missing. */
export const modelsListSchema = z.looseObject({
  data: z.array(modelSchema),
  total_count: z.number().int().optional(),
  links: z.looseObject({ next: z.string().nullable() }).optional(),
});

export const modelCountSchema = z.looseObject({ data: z.looseObject({ count: z.number().int() }) });

const percentiles = z
  .looseObject({
    p50: z.number().nullish(),
    p75: z.number().nullish(),
    p90: z.number().nullish(),
    p99: z.number().nullish(),
  })
  .nullable();

export const publicEndpointSchema = z.looseObject({
  name: z.string(),
  model_id: z.string(),
  model_name: z.string(),
  context_length: z.number(),
  pricing: pricingSchema,
  provider_name: z.string(),
  tag: z.string(),
  quantization: z.string().nullable(),
  max_completion_tokens: z.number().nullable(),
  max_prompt_tokens: z.number().nullable(),
  supported_parameters: z.array(z.string()),
  status: z.number().optional(),
  uptime_last_5m: z.number().nullish(),
  uptime_last_30m: z.number().nullable(),
  uptime_last_1d: z.number().nullish(),
  latency_last_30m: percentiles.optional(),
  throughput_last_30m: percentiles.optional(),
  supports_implicit_caching: z.boolean(),
});
export type PublicEndpoint = z.infer<typeof publicEndpointSchema>;

export const modelEndpointsSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  created: z.number(),
  description: z.string(),
  architecture: architectureSchema.partial(),
  endpoints: z.array(publicEndpointSchema),
});
export type ModelEndpoints = z.infer<typeof modelEndpointsSchema>;

export const providerSchema = z.looseObject({
  name: z.string(),
  slug: z.string(),
  privacy_policy_url: z.string().nullable(),
  terms_of_service_url: z.string().nullish(),
  status_page_url: z.string().nullish(),
  headquarters: z.string().nullish(),
  datacenters: z.array(z.string()).nullish(),
});
export type Provider = z.infer<typeof providerSchema>;

/** Query filters of GET /models (and the subset GET /models/count accepts). */
export const modelFiltersSchema = z.object({
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  category: z
    .enum([
      'programming',
      'roleplay',
      'marketing',
      'marketing/seo',
      'technology',
      'science',
      'translation',
      'legal',
      'finance',
      'health',
      'trivia',
      'academia',
    ])
    .optional(),
  supported_parameters: z.string().optional(),
  input_modalities: z.string().optional(),
  output_modalities: z.string().optional(),
  sort: z.string().optional(),
  q: z.string().optional(),
  context: z.number().int().positive().optional(),
  min_price: z.number().optional(),
  max_price: z.number().optional(),
  model_authors: z.string().optional(),
  providers: z.string().optional(),
  zdr: z.literal('true').optional(),
  distillable: z.enum(['true', 'false']).optional(),
  region: z.enum(['eu', 'us']).optional(),
});
export type ModelFilters = z.input<typeof modelFiltersSchema>;
