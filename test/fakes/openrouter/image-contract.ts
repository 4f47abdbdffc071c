/**
 * The image parts of openapi.yaml the fake must follow, transcribed by hand (the spec is never read
 * at test time): ChatAssistantImages, OutputItemImageGenerationCall, ImageModelListItem with its
 * Enum/Range/BooleanCapability. Strict on required fields and types, open to extra keys, as the spec.
 */
import { z } from 'zod';

/** ChatAssistantImages: items require `image_url` with a string `url`. */
export const specAssistantImages = z.array(z.looseObject({ image_url: z.looseObject({ url: z.string() }) }));

/** OutputItemImageGenerationCall: required type, id, status; `result` string or null. */
export const specImageGenerationCall = z.looseObject({
  type: z.literal('image_generation_call'),
  id: z.string(),
  status: z.enum(['in_progress', 'completed', 'generating', 'failed']),
  result: z.string().nullable().optional(),
});

const capability = z.union([
  z.looseObject({ type: z.literal('enum'), values: z.array(z.string()) }),
  z.looseObject({ type: z.literal('range'), min: z.number(), max: z.number() }),
  z.looseObject({ type: z.literal('boolean') }),
]);

/** ImageModelListItem: id, name, description, created, architecture, supported_parameters, supports_streaming, endpoints. */
export const specImageModel = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  created: z.number(),
  architecture: z.looseObject({
    input_modalities: z.array(z.string()),
    output_modalities: z.array(z.string()),
  }),
  supported_parameters: z.record(z.string(), capability),
  supports_streaming: z.boolean(),
  endpoints: z.string(),
});
