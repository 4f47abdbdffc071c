/** POST /messages: the Anthropic Messages-compatible API (MessagesRequest / MessagesResult). */
import { z } from 'zod';
import { pluginSchema, providerPreferencesSchema } from './common.js';

const block = z.looseObject({ type: z.string() });

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z
    .array(
      z.looseObject({ role: z.enum(['user', 'assistant']), content: z.union([z.string(), z.array(block)]) }),
    )
    .min(1),
  max_tokens: z.number().int().positive().optional(),
  system: z
    .union([z.string(), z.array(z.looseObject({ type: z.literal('text'), text: z.string() }))])
    .optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  top_k: z.number().int().optional(),
  stop_sequences: z.array(z.string()).optional(),
  stream: z.boolean().optional(),
  tools: z.array(z.looseObject({ name: z.string() })).optional(),
  tool_choice: z.looseObject({ type: z.string() }).optional(),
  thinking: z
    .union([
      z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().int().positive() }),
      z.looseObject({ type: z.enum(['disabled', 'adaptive']) }),
    ])
    .optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  models: z.array(z.string()).optional(),
  provider: providerPreferencesSchema.optional(),
  plugins: z.array(pluginSchema).optional(),
  session_id: z.string().optional(),
  user: z.string().optional(),
});
export type MessagesRequest = z.input<typeof messagesRequestSchema>;

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  cost: z.number().nullish(),
  is_byok: z.boolean().optional(),
});

export const messagesResultSchema = z.looseObject({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(
    z.looseObject({
      type: z.string(),
      text: z.string().optional(),
      thinking: z.string().optional(),
    }),
  ),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema,
  provider: z.string().optional(),
});
export type MessagesResult = z.infer<typeof messagesResultSchema>;

/** One streamed Anthropic event (`data:` of an `event:` pair). */
export const messagesStreamEventSchema = z.looseObject({
  type: z.string(),
  index: z.number().optional(),
  message: z
    .looseObject({
      id: z.string().optional(),
      model: z.string().optional(),
      usage: anthropicUsageSchema.partial().optional(),
    })
    .optional(),
  content_block: z
    .looseObject({ type: z.string(), id: z.string().optional(), name: z.string().optional() })
    .optional(),
  delta: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      thinking: z.string().optional(),
      partial_json: z.string().optional(),
      stop_reason: z.string().nullish(),
    })
    .optional(),
  usage: anthropicUsageSchema.partial().nullish(),
  error: z.looseObject({ type: z.string().optional(), message: z.string().optional() }).optional(),
});
export type MessagesStreamEvent = z.infer<typeof messagesStreamEventSchema>;
