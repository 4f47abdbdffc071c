/** GET /generation and GET /generation/content. */
import { z } from 'zod';

const nint = z.number().nullable();
const nstr = z.string().nullable();

export const generationSchema = z.looseObject({
  id: z.string(),
  upstream_id: nstr.optional(),
  total_cost: z.number(),
  usage: z.number(),
  cache_discount: nint.optional(),
  upstream_inference_cost: nint.optional(),
  created_at: z.string(),
  model: z.string(),
  origin: z.string(),
  is_byok: z.boolean(),
  provider_name: nstr,
  streamed: z.boolean().nullable().optional(),
  cancelled: z.boolean().nullable().optional(),
  latency: nint,
  generation_time: nint,
  finish_reason: nstr,
  native_finish_reason: nstr.optional(),
  tokens_prompt: nint,
  tokens_completion: nint,
  native_tokens_prompt: nint.optional(),
  native_tokens_completion: nint.optional(),
  native_tokens_reasoning: nint.optional(),
  native_tokens_cached: nint.optional(),
  num_search_results: nint.optional(),
  api_type: z.string().nullable().optional(),
  data_region: z.string().optional(),
  request_id: nstr.optional(),
  session_id: nstr.optional(),
});
export type Generation = z.infer<typeof generationSchema>;

export const generationContentSchema = z.looseObject({
  input: z.union([z.looseObject({ prompt: z.string() }), z.looseObject({ messages: z.array(z.unknown()) })]),
  output: z.looseObject({ completion: nstr, reasoning: nstr }),
  error: z
    .looseObject({
      message: nstr.optional(),
      status: nint.optional(),
      provider_name: nstr.optional(),
    })
    .nullable(),
});
export type GenerationContent = z.infer<typeof generationContentSchema>;
