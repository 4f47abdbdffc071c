/**
 * `/speak text [voice] [model] [speed]` and the Read aloud message action: OpenRouter text-to-speech,
 * uploaded as a file. On Discord, with ffmpeg, it arrives as a real voice message.
 */

import { defineCommand, defineMessageAction, opt } from '../src/command-model/command-builders.js';
import type { CommandContext } from '../src/command-model/command-types.js';
import { InputError } from '../src/common/errors.js';

export async function speakInto(
  ctx: CommandContext,
  text: string,
  opts: { voice?: string; model?: string; speed?: number; label: string },
): Promise<void> {
  const s = ctx.services;
  if (opts.voice && !s.voice.voices.includes(opts.voice))
    throw new InputError(
      'INPUT.UNKNOWN_VOICE',
      `There is no voice "${opts.voice}". Pick one of: ${s.voice.voices.join(', ')}.`,
    );
  void ctx.reply.typing?.().catch(() => undefined);
  const audio = await s.speech.speak({
    text,
    signal: ctx.signal,
    invocation: ctx.invocation,
    ...(opts.voice ? { voice: opts.voice } : {}),
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
  });
  const footer = [audio.meta.model, audio.meta.voice, ...audio.meta.generationIds.slice(0, 1)]
    .filter(Boolean)
    .join(' · ');
  ctx.logger.info(
    {
      model: audio.meta.model,
      chars: audio.meta.chars,
      pieces: audio.meta.pieces,
      generationIds: audio.meta.generationIds,
    },
    'spoke',
  );
  const voiceMessage =
    ctx.reply.voiceReplies === 'voice-message' && (await s.speech.canMakeVoiceMessages())
      ? await s.speech.voiceMessage(audio, ctx.signal).catch((err: unknown) => {
          ctx.logger.warn({ err }, 'could not make a voice message; sending the mp3');
          return undefined;
        })
      : undefined;
  if (voiceMessage) {
    await ctx.reply.post({ text: `🔊 ${opts.label}`, footer });
    await ctx.reply.post({
      text: '',
      files: [
        {
          name: voiceMessage.fileName,
          contentType: voiceMessage.contentType,
          data: voiceMessage.data,
          voice: { durationSecs: voiceMessage.durationSecs, waveform: voiceMessage.waveform },
        },
      ],
    });
    return;
  }
  await ctx.reply.post({
    text: `🔊 ${opts.label}`,
    footer,
    files: [{ name: audio.fileName, contentType: audio.contentType, data: audio.data }],
  });
}

export const speakCommand = defineCommand({
  name: 'speak',
  description: 'Read text aloud: get an audio file made by OpenRouter text-to-speech',
  cost: 'expensive',
  options: {
    text: opt.string({ description: 'What to say', required: true, maxLength: 6000 }),
    voice: opt.string({ description: 'Voice (default: the first in TTS_VOICES)', autocomplete: 'voice' }),
    model: opt.string({ description: 'Text-to-speech model (default from TTS_MODEL)' }),
    speed: opt.number({
      description: 'Speed, 0.25 to 4 (1 is normal; some models only)',
      minValue: 0.25,
      maxValue: 4,
    }),
  },
  async run(ctx, o) {
    await speakInto(ctx, o.text, {
      label: `“${o.text.length > 80 ? `${o.text.slice(0, 79)}…` : o.text}”`,
      ...(o.voice ? { voice: o.voice } : {}),
      ...(o.model ? { model: o.model } : {}),
      ...(o.speed !== undefined ? { speed: o.speed } : {}),
    });
  },
});

/** Bot answers end with a footer line (`-# model · tokens …`); it is not read aloud. */
export function speakableText(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('-# '))
    .join('\n')
    .trim();
}

export const readAloudAction = defineMessageAction({
  id: 'read-aloud',
  name: 'Read aloud',
  cost: 'expensive',
  permission: 'speak',
  async run(ctx) {
    const text = speakableText(ctx.invocation.target?.text ?? '');
    if (!text) throw new InputError('INPUT.NOTHING_TO_READ', 'That message has no text to read aloud.');
    await speakInto(ctx, text, {
      label: ctx.invocation.target?.link ? `Read aloud: ${ctx.invocation.target.link}` : 'Read aloud',
    });
  },
});
