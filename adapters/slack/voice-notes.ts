/**
 * Automatic transcription on Slack: in a channel where an admin turned it on, every audio clip
 * (`slack_audio`, often labelled video/mp4) or audio file gets its transcript as a thread reply.
 */
import type { WebClient } from '@slack/web-api';
import { autoTranscribes } from '../../commands/config.js';
import { audioOf } from '../../commands/transcribe.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { firstDelivery, type SlackContext, slackInvoker, surfaceBase } from './context.js';
import type { IncomingMessage } from './conversation.js';
import { toAttachment } from './files.js';
import { createSlackSurface } from './surface.js';

/** Handles the message when it is a voice note to transcribe automatically; false otherwise. */
export async function autoTranscribe(
  ctx: SlackContext,
  client: WebClient,
  m: IncomingMessage,
  opts: { eventId?: string; teamId?: string },
): Promise<boolean> {
  if (!m.user || m.bot_id || !m.files?.length) return false;
  const file = audioOf(m.files.map((f) => toAttachment(ctx, f)));
  if (!file) return false;
  if (!(await autoTranscribes(ctx.app.services.settings, 'slack', m.channel))) return false;
  if (!(await firstDelivery(ctx, opts.eventId))) return true;
  const threadTs = m.thread_ts ?? m.ts;
  const teamId = m.team ?? opts.teamId;
  const location = {
    platform: 'slack' as const,
    channelId: m.channel,
    threadId: threadTs,
    ...(teamId ? { serverId: teamId } : {}),
  };
  const invocation: Invocation = {
    platform: 'slack',
    command: 'transcribe',
    user: await slackInvoker(ctx, client, m.user),
    channelId: m.channel,
    threadId: threadTs,
    ...(opts.eventId ? { requestId: opts.eventId } : {}),
    ...(teamId ? { serverId: teamId } : {}),
  };
  const surface = createSlackSurface({ ...surfaceBase(ctx, client, m.user), location });
  await ctx.app.dispatcher.dispatchCommand(invocation, { file }, surface);
  return true;
}
