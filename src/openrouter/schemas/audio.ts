/** POST /audio/speech (binary answer) and POST /audio/transcriptions. */
import { z } from 'zod';
import { Base64Bytes } from '../streamed-json.js';
import { providerOptionsSchema } from './common.js';

export const speechRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.string().min(1),
  voice: z.string().min(1).optional(),
  response_format: z.enum(['mp3', 'pcm']).optional(),
  speed: z.number().positive().optional(),
  input_references: z
    .array(z.looseObject({ type: z.string() }))
    .max(2)
    .optional(),
  provider: providerOptionsSchema.optional(),
});
export type SpeechRequest = z.input<typeof speechRequestSchema>;

export const transcriptionRequestSchema = z.looseObject({
  model: z.string().min(1),
  input_audio: z.looseObject({
    /** Raw base64, or the bytes to encode while the request is sent (see streamed-json.ts). */
    data: z.union([
      z
        .string()
        .min(1)
        .refine((value) => !value.startsWith('data:'), 'must be raw base64, not a data URI'),
      z.instanceof(Base64Bytes).refine((b) => b.source.byteLength !== 0, 'must not be empty'),
    ]),
    format: z.string().min(1),
  }),
  language: z.string().min(2).max(8).optional(),
  temperature: z.number().min(0).max(1).optional(),
  response_format: z.enum(['json', 'verbose_json']).optional(),
  timestamp_granularities: z.array(z.enum(['word', 'segment'])).optional(),
  provider: providerOptionsSchema.optional(),
});
export type TranscriptionRequest = z.input<typeof transcriptionRequestSchema>;

export const transcriptionResultSchema = z.looseObject({
  text: z.string(),
  language: z.string().optional(),
  duration: z.number().optional(),
  segments: z
    .array(z.looseObject({ id: z.number(), start: z.number(), end: z.number(), text: z.string() }))
    .optional(),
  usage: z
    .looseObject({
      seconds: z.number().optional(),
      input_tokens: z.number().optional(),
      output_tokens: z.number().optional(),
      total_tokens: z.number().optional(),
      cost: z.number().nullish(),
    })
    .optional(),
});
export type TranscriptionResult = z.infer<typeof transcriptionResultSchema>;
