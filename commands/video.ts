/**
 * `/video create prompt [model] [duration] [resolution] [aspect_ratio] [size] [image] [audio] [seed]`,
 * `/video models`, and the Cancel button on a job's status message. A group, because Discord cannot
 * mix subcommands with top-level options. The work lives in src/video/ (platform-free).
 */

import { defineButton, defineGroup, defineSub, opt } from '../src/command-model/command-builders.js';
import { type CommandContext, isAdminNow } from '../src/command-model/command-types.js';
import { InputError } from '../src/common/errors.js';
import { splitMarkdown } from '../src/streaming/markdown-split.js';
import { describeVideoModel, type VideoChoiceKind } from '../src/video/video-models.js';
import { CANCEL_ACTION } from '../src/video/video-status.js';

const video = (ctx: CommandContext) => ctx.services.video;

function seconds(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,4}$/.test(raw.trim()))
    throw new InputError(
      'INPUT.INVALID_OPTION',
      `\`duration\` must be whole seconds, e.g. 8 (got \`${raw}\`).`,
    );
  return Number(raw.trim());
}

export const VIDEO_CHOICES: Record<string, VideoChoiceKind> = {
  'video-duration': 'duration',
  'video-resolution': 'resolution',
  'video-aspect-ratio': 'aspect_ratio',
  'video-size': 'size',
};

export const videoCommand = defineGroup({
  name: 'video',
  description: 'Generate a video with OpenRouter, or list the video models',
  subcommands: {
    create: defineSub({
      description: 'Generate a video; a status message follows the job until the video is posted',
      cost: 'expensive',
      options: {
        prompt: opt.string({ description: 'What the video shows', required: true, maxLength: 2000 }),
        model: opt.string({
          description: 'Video model (default from VIDEO_MODEL)',
          autocomplete: 'video-model',
        }),
        duration: opt.string({
          description: 'Length in seconds (the model’s choices)',
          autocomplete: 'video-duration',
        }),
        resolution: opt.string({ description: 'Resolution, e.g. 720p', autocomplete: 'video-resolution' }),
        aspect_ratio: opt.string({
          description: 'Aspect ratio, e.g. 16:9',
          autocomplete: 'video-aspect-ratio',
        }),
        size: opt.string({
          description: 'Exact size WIDTHxHEIGHT (instead of resolution)',
          autocomplete: 'video-size',
        }),
        image: opt.attachment({ description: 'An image to use as the first frame' }),
        audio: opt.boolean({ description: 'Generate sound too (models that can)' }),
        seed: opt.integer({ description: 'Seed for repeatable results (models that take one)', minValue: 0 }),
      },
      async run(ctx, o) {
        const duration = seconds(o.duration);
        await video(ctx).submit({
          options: {
            prompt: o.prompt,
            ...(o.model ? { model: o.model } : {}),
            ...(duration !== undefined ? { duration } : {}),
            ...(o.resolution ? { resolution: o.resolution } : {}),
            ...(o.aspect_ratio ? { aspectRatio: o.aspect_ratio } : {}),
            ...(o.size ? { size: o.size } : {}),
            ...(o.audio !== undefined ? { audio: o.audio } : {}),
            ...(o.seed !== undefined ? { seed: o.seed } : {}),
          },
          ...(o.image ? { image: o.image } : {}),
          reply: ctx.reply,
          userId: ctx.invocation.user.id,
          invocation: ctx.invocation,
          signal: ctx.signal,
        });
      },
    }),
    models: defineSub({
      description: 'List the video models and what each supports',
      ephemeral: true,
      cost: 'free',
      async run(ctx) {
        const v = video(ctx);
        const models = await v.models.list();
        const lines = models.map(
          (m) => `${describeVideoModel(m)}${m.id === v.defaultModel ? ' *(default)*' : ''}`,
        );
        const text = `**Video models** (${models.length})\n${lines.join('\n') || 'OpenRouter lists none.'}`;
        for (const part of splitMarkdown(text, ctx.reply.limits.maxMessageChars))
          await ctx.reply.post({ text: part, ephemeral: true });
      },
    }),
  },
});

export const videoCancelButton = defineButton({
  action: CANCEL_ACTION,
  cost: 'free',
  async run(ctx, jobId) {
    const user = ctx.invocation.user;
    const outcome = await video(ctx).cancel(jobId, { userId: user.id, isAdmin: await isAdminNow(user) });
    const say = {
      stopped: undefined,
      'not-yours': 'Only the person who asked for this video (or an admin) can cancel it.',
      finished: 'That video job has already finished.',
      unknown: 'That video job is not known any more.',
    }[outcome];
    if (say) await ctx.reply.post({ text: say, ephemeral: true });
  },
});
