/** Video generation: POST /videos, GET /videos/{jobId}, GET /videos/models (content is binary). */
import { z } from 'zod';
import { providerOptionsSchema } from './common.js';

const imageRef = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string() }),
});

export const videoRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.string().min(1).optional(),
  duration: z.number().int().positive().optional(),
  resolution: z.enum(['480p', '720p', '768p', '1080p', '1K', '2K', '4K']).optional(),
  aspect_ratio: z.enum(['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3', '21:9', '9:21']).optional(),
  size: z
    .string()
    .regex(/^\d+x\d+$/, 'must look like 1280x720')
    .optional(),
  frame_images: z.array(imageRef.extend({ frame_type: z.enum(['first_frame', 'last_frame']) })).optional(),
  input_references: z.array(z.looseObject({ type: z.string() })).optional(),
  generate_audio: z.boolean().optional(),
  seed: z.number().int().optional(),
  callback_url: z.string().url().optional(),
  provider: providerOptionsSchema.optional(),
});
export type VideoRequest = z.input<typeof videoRequestSchema>;

export const videoStatusSchema = z.enum([
  'pending',
  'in_progress',
  'completed',
  'failed',
  'cancelled',
  'expired',
]);
export type VideoStatus = z.infer<typeof videoStatusSchema>;

export const videoJobSchema = z.looseObject({
  id: z.string(),
  polling_url: z.string(),
  status: videoStatusSchema,
  generation_id: z.string().nullish(),
  unsigned_urls: z.array(z.string()).optional(),
  usage: z.looseObject({ cost: z.number().nullish(), is_byok: z.boolean().optional() }).optional(),
  error: z.string().nullish(),
});
export type VideoJob = z.infer<typeof videoJobSchema>;

export const videoModelSchema = z.looseObject({
  id: z.string(),
  canonical_slug: z.string(),
  name: z.string(),
  description: z.string().optional(),
  created: z.number(),
  supported_resolutions: z.array(z.string()).nullable(),
  supported_aspect_ratios: z.array(z.string()).nullable(),
  supported_sizes: z.array(z.string()).nullable(),
  supported_durations: z.array(z.number()).nullable(),
  supported_frame_images: z.array(z.string()).nullable(),
  generate_audio: z.boolean().nullable(),
  seed: z.boolean().nullable(),
  allowed_passthrough_parameters: z.array(z.string()),
  pricing_skus: z.record(z.string(), z.string()).nullish(),
});
export type VideoModel = z.infer<typeof videoModelSchema>;
