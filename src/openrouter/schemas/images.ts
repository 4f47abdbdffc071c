/** GET /images/models: image generation models and the parameters each accepts (ImageModelListItem). */
import { z } from 'zod';
import { architectureSchema } from './models.js';

/** EnumCapability | RangeCapability | BooleanCapability; unknown kinds pass through as their type. */
export const capabilitySchema = z.union([
  z.looseObject({ type: z.literal('enum'), values: z.array(z.string()) }),
  z.looseObject({ type: z.literal('range'), min: z.number(), max: z.number() }),
  z.looseObject({ type: z.string() }),
]);
export type Capability = z.infer<typeof capabilitySchema>;

export const imageModelSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  created: z.number(),
  architecture: architectureSchema,
  supported_parameters: z.record(z.string(), capabilitySchema),
  supports_streaming: z.boolean(),
  endpoints: z.string(),
});
export type ImageModel = z.infer<typeof imageModelSchema>;
