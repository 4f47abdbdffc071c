/**
 * `/transcribe file [model] [language]`, the Transcribe message action and the Summarize button.
 * Transcripts are cached by platform + file id, so the command, the action and automatic mode
 * never pay twice for the same voice note.
 */

import {
  defineButton,
  defineCommand,
  defineMessageAction,
  opt,
} from '../src/command-model/command-builders.js';
import { mention } from '../src/command-model/command-ref.js';
import type { Attachment, CommandContext } from '../src/command-model/command-types.js';
import { InputError } from '../src/common/errors.js';
import { conversationKey } from '../src/conversations/conversation-store.js';
import { audioOf } from '../src/media/detect.js';
import { transcriptMessage } from '../src/media/transcript-reply.js';

export async function transcribeInto(
  ctx: CommandContext,
  attachment: Attachment,
  opts: { model?: string; language?: string } = {},
): Promise<void> {
  const s = ctx.services;
  const cacheKey = `${ctx.invocation.platform}:${attachment.id}`;
  void ctx.reply.typing?.().catch(() => undefined);
  const started = Date.now();
  const transcript = await s.transcription.transcribe({
    attachment,
    cacheKey,
    signal: ctx.signal,
    invocation: ctx.invocation,
    ...(opts.model ? { model: opts.model } : {}),
    ...(opts.language ? { language: opts.language } : {}),
  });
  const refId = transcript.text.trim() ? await s.transcripts.save(cacheKey, transcript.text) : undefined;
  ctx.logger.info(
    {
      model: transcript.model,
      cached: transcript.cached,
      cost: transcript.usage?.cost,
      chars: transcript.text.length,
    },
    'transcribed',
  );
  const message = transcriptMessage(transcript, { fileName: attachment.name, ...(refId ? { refId } : {}) });
  // a long job: whoever asked has probably looked away, so the finished transcript pings them (only them)
  const long = Date.now() - started >= LONG_JOB_MS && !transcript.cached;
  const userId = ctx.invocation.user.id;
  await ctx.reply.post(
    long ? { ...message, text: `${mention(userId)} ${message.text}`, notify: [userId] } : message,
  );
}

/** A transcription that took this long notifies the person who asked when it is done. */
export const LONG_JOB_MS = 30_000;

export const transcribeCommand = defineCommand({
  name: 'transcribe',
  description: 'Turn an audio file or voice note into text',
  options: {
    file: opt.attachment({ description: 'The audio file (voice note, mp3, m4a, ogg, wav…)', required: true }),
    model: opt.string({ description: 'Speech-to-text model (default from STT_MODEL)' }),
    language: opt.string({
      description: 'Spoken language as an ISO-639-1 code, e.g. en (default: detect)',
      maxLength: 8,
    }),
  },
  async run(ctx, o) {
    await transcribeInto(ctx, o.file, {
      ...(o.model ? { model: o.model } : {}),
      ...(o.language ? { language: o.language } : {}),
    });
  },
});

export const transcribeAction = defineMessageAction({
  id: 'transcribe',
  name: 'Transcribe',
  async run(ctx) {
    const file = audioOf(ctx.invocation.target?.attachments ?? []);
    if (!file)
      throw new InputError('INPUT.NO_AUDIO', 'That message has no audio file or voice note to transcribe.');
    await transcribeInto(ctx, file);
  },
});

export const summarizeButton = defineButton({
  action: 'summarize',
  permission: 'chat',
  async run(ctx, refId) {
    const s = ctx.services;
    const text = await s.transcripts.load(refId);
    if (!text)
      throw new InputError(
        'INPUT.TRANSCRIPT_GONE',
        'That transcript is no longer stored. Transcribe the file again.',
      );
    const inv = ctx.invocation;
    await s.chat.ask({
      key: conversationKey({
        platform: inv.platform,
        channelId: inv.channelId,
        userId: inv.user.id,
        ...(inv.threadId ? { threadId: inv.threadId } : {}),
      }),
      invocation: inv,
      surface: ctx.reply,
      prompt: `Summarize this voice note transcript in a few short bullet points, then list any action items.\n\n"""\n${text}\n"""`,
      signal: ctx.signal,
    });
  },
});
