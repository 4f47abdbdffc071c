/** POST /chat/completions: request, result and stream chunk (ChatRequest / ChatResult in openapi.yaml). */
import { z } from 'zod';
import { chatUsageSchema, pluginSchema, providerPreferencesSchema, reasoningEffortSchema } from './common.js';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string(),
    detail: z.enum(['auto', 'low', 'high', 'original']).optional(),
  }),
});
const audioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
const videoPart = z.looseObject({
  type: z.literal('video_url'),
  video_url: z.looseObject({ url: z.string() }),
});
const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    filename: z.string().optional(),
    file_data: z.string().optional(),
    file_id: z.string().optional(),
  }),
});
export const chatContentPartSchema = z.discriminatedUnion('type', [
  textPart,
  imagePart,
  audioPart,
  videoPart,
  filePart,
]);
export type ChatContentPart = z.infer<typeof chatContentPartSchema>;

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({
    role: z.enum(['system', 'developer']),
    content: z.union([z.string(), z.array(textPart)]),
    name: z.string().optional(),
  }),
  z.looseObject({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(chatContentPartSchema)]),
    name: z.string().optional(),
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(chatContentPartSchema)]).nullish(),
    tool_calls: z.array(toolCall).optional(),
    reasoning: z.string().nullish(),
    /** Images the assistant made earlier, sent back so the model can change them. */
    images: z.array(z.looseObject({ image_url: z.looseObject({ url: z.string() }) })).optional(),
    name: z.string().optional(),
  }),
  z.looseObject({
    role: z.literal('tool'),
    tool_call_id: z.string(),
    content: z.union([z.string(), z.array(textPart)]),
  }),
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;

export const chatRequestSchema = z.looseObject({
  messages: z.array(chatMessageSchema).min(1),
  model: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  frequency_penalty: z.number().nullish(),
  presence_penalty: z.number().nullish(),
  repetition_penalty: z.number().nullish(),
  seed: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: z.looseObject({ type: z.string() }).optional(),
  reasoning: z
    .looseObject({
      effort: reasoningEffortSchema.optional(),
      summary: z.enum(['auto', 'concise', 'detailed']).optional(),
      max_tokens: z.number().int().positive().optional(),
      exclude: z.boolean().optional(),
      enabled: z.boolean().optional(),
    })
    .optional(),
  reasoning_effort: reasoningEffortSchema.optional(),
  provider: providerPreferencesSchema.optional(),
  plugins: z.array(pluginSchema).optional(),
  session_id: z.string().max(256).optional(),
  /** Output modalities ("image" for image-output models). */
  modalities: z.array(z.enum(['text', 'image', 'audio'])).optional(),
  /** ImageConfig: provider-specific image options (aspect_ratio, image_size …). */
  image_config: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.unknown())])).optional(),
  user: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type ChatRequest = z.input<typeof chatRequestSchema>;

const annotation = z.looseObject({ type: z.string() });

/** ChatAssistantImages: generated images (data URLs or links) on a message or a stream delta. */
export const assistantImagesSchema = z.array(
  z.looseObject({ type: z.string().optional(), image_url: z.looseObject({ url: z.string().min(1) }) }),
);

export const chatResultSchema = z.looseObject({
  id: z.string(),
  object: z.string().optional(),
  created: z.number(),
  model: z.string(),
  provider: z.string().optional(),
  system_fingerprint: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().optional(),
      finish_reason: z.string().nullable(),
      native_finish_reason: z.string().nullish(),
      message: z.looseObject({
        role: z.string(),
        content: z.string().nullable(),
        reasoning: z.string().nullish(),
        tool_calls: z.array(toolCall).optional(),
        refusal: z.string().nullish(),
        annotations: z.array(annotation).optional(),
        images: assistantImagesSchema.optional(),
      }),
      error: z
        .looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string() })
        .optional(),
    }),
  ),
  usage: chatUsageSchema.optional(),
});
export type ChatResult = z.infer<typeof chatResultSchema>;

export const chatChunkSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  provider: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().optional(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            reasoning: z.string().nullish(),
            images: assistantImagesSchema.optional(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number(),
                  id: z.string().optional(),
                  function: z
                    .looseObject({ name: z.string().optional(), arguments: z.string().optional() })
                    .optional(),
                }),
              )
              .optional(),
          })
          .optional(),
        finish_reason: z.string().nullish(),
      }),
    )
    .optional(),
  usage: chatUsageSchema.nullish(),
  error: z.looseObject({ message: z.string().optional() }).optional(),
});
export type ChatChunk = z.infer<typeof chatChunkSchema>;
