/** POST /responses: the OpenAI Responses-compatible API (ResponsesRequest / OpenResponsesResult). */
import { z } from 'zod';
import { pluginSchema, providerPreferencesSchema, reasoningEffortSchema } from './common.js';

const inputPart = z.looseObject({ type: z.string() });
const inputItem = z.looseObject({
  type: z.string().optional(),
  role: z.enum(['user', 'system', 'assistant', 'developer']).optional(),
  content: z.union([z.string(), z.array(inputPart)]).optional(),
});

export const responsesRequestSchema = z.looseObject({
  input: z.union([z.string(), z.array(inputItem)]).optional(),
  instructions: z.string().nullish(),
  model: z.string().min(1).optional(),
  models: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  tool_choice: z.unknown().optional(),
  reasoning: z
    .looseObject({
      effort: reasoningEffortSchema.nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
      enabled: z.boolean().optional(),
      max_tokens: z.number().int().positive().optional(),
    })
    .nullish(),
  provider: providerPreferencesSchema.optional(),
  plugins: z.array(pluginSchema).optional(),
  store: z.literal(false).optional(),
  previous_response_id: z.null().optional(),
  session_id: z.string().optional(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type ResponsesRequest = z.input<typeof responsesRequestSchema>;

export const responsesUsageSchema = z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().nullish() }).nullish(),
  cost: z.number().nullish(),
  is_byok: z.boolean().optional(),
});

const outputItem = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  role: z.string().optional(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
  /** image_generation_call: the base64 image (OutputItemImageGenerationCall.result). */
  result: z.string().nullish(),
  status: z.string().optional(),
});

export const responsesResultSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response'),
  created_at: z.number(),
  model: z.string(),
  status: z.string(),
  output: z.array(outputItem),
  output_text: z.string().optional(),
  error: z.looseObject({ code: z.string().optional(), message: z.string() }).nullish(),
  usage: responsesUsageSchema.nullish(),
});
export type ResponsesResult = z.infer<typeof responsesResultSchema>;

/** One streamed Responses event. */
export const responsesStreamEventSchema = z.looseObject({
  type: z.string(),
  delta: z.string().optional(),
  response: z
    .looseObject({
      id: z.string().optional(),
      model: z.string().optional(),
      status: z.string().optional(),
      usage: responsesUsageSchema.nullish(),
      error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).nullish(),
    })
    .optional(),
  error: z.looseObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
  item: z
    .looseObject({
      type: z.string(),
      id: z.string().optional(),
      name: z.string().optional(),
      call_id: z.string().optional(),
      result: z.string().nullish(),
    })
    .optional(),
  output_index: z.number().optional(),
});
export type ResponsesStreamEvent = z.infer<typeof responsesStreamEventSchema>;
