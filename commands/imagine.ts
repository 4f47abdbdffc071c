/**
 * `/imagine prompt [model] [aspect_ratio] [size] [count] [image]`: make pictures with an image model
 * (an attached image makes it an edit). The work lives in src/pictures/ (platform-free).
 */

import { defineCommand, opt } from '../src/command-model/command-builders.js';

export const IMAGE_CHOICES = {
  'image-aspect-ratio': 'aspect_ratio',
  'image-size': 'size',
} as const;

export const imagineCommand = defineCommand({
  name: 'imagine',
  description: 'Make pictures with an image model; reply in the thread to change them',
  cost: 'expensive',
  options: {
    prompt: opt.string({ description: 'What the picture shows', required: true, maxLength: 4000 }),
    model: opt.string({
      description: 'Image model (default from IMAGE_MODEL)',
      autocomplete: 'image-model',
    }),
    aspect_ratio: opt.string({
      description: 'Aspect ratio, e.g. 16:9 (the model’s choices)',
      autocomplete: 'image-aspect-ratio',
    }),
    size: opt.string({
      description: 'Resolution tier, e.g. 2K (the model’s choices)',
      autocomplete: 'image-size',
    }),
    count: opt.integer({ description: 'How many pictures (1-4, each billed)', minValue: 1, maxValue: 4 }),
    image: opt.attachment({ description: 'An image to change instead of starting from nothing' }),
  },
  async run(ctx, o) {
    await ctx.services.pictures.imagine({
      invocation: ctx.invocation,
      surface: ctx.reply,
      prompt: o.prompt,
      signal: ctx.signal,
      ...(o.model ? { model: o.model.trim() } : {}),
      ...(o.aspect_ratio ? { aspectRatio: o.aspect_ratio.trim() } : {}),
      ...(o.size ? { size: o.size.trim() } : {}),
      ...(o.count !== undefined ? { count: o.count } : {}),
      ...(o.image ? { image: o.image } : {}),
    });
  },
});
