/**
 * What the app_mention and message listeners do with an event, shared with the take-over of an event a
 * gone instance had acknowledged (pending-events.ts): voice notes, then the answer. Errors are logged,
 * never thrown.
 */
import type { WebClient } from '@slack/web-api';
import type { SlackContext } from './context.js';
import { type EventInfo, incoming, replies, type SlackMessageEvent } from './conversation.js';
import type { PendingKind, SlackPending } from './pending-events.js';

export interface MessageEventRun {
  kind: PendingKind;
  event: SlackMessageEvent;
  info: EventInfo;
  client: WebClient;
  /** Records the event while nothing shows yet (Redis only). */
  pending?: SlackPending;
  /** A take-over: the event was claimed by the gone instance already. */
  takenOver?: boolean;
}

export async function handleMessageEvent(ctx: SlackContext, run: MessageEventRun): Promise<void> {
  const { event: e, info, client } = run;
  const guard = (what: string, work: () => Promise<unknown>) =>
    work().catch((err: unknown) => ctx.logger.error({ err, what }, 'slack handler failed'));
  const first = incoming(ctx, client, e, { ...info, mentioned: run.kind === 'app_mention' });
  if (!first) return;
  const base = run.takenOver ? { ...first, claim: async () => true } : first;
  const eventId = info.eventId;
  const ticket =
    run.pending && eventId
      ? run.pending.track(
          { kind: run.kind, event: e, info: { ...info, eventId } },
          base,
          replies(ctx, client, base, e.ts),
        )
      : undefined;
  const m = ticket?.message ?? base;
  const out = ticket?.replies ?? replies(ctx, client, m, e.ts);
  try {
    if (run.kind === 'app_mention')
      return void (await guard('app_mention', () => ctx.app.messages.answer(m, out)));
    const voice = await ctx.app.messages.transcribeVoiceNote(m, out).catch((err: unknown) => {
      ctx.logger.error({ err }, 'automatic transcription failed');
      return true;
    });
    if (voice) return;
    // a mention in a channel arrives twice (message + app_mention): the app_mention listener answers it
    if (e.channel_type !== 'im' && info.botUserId && e.text?.includes(`<@${info.botUserId}>`)) return;
    await guard('message', () => ctx.app.messages.answer(m, out));
  } finally {
    await ticket?.done();
  }
}
