/**
 * Message shortcuts (Transcribe, Read aloud, Save to notebook): the message they were used on is the
 * invocation's target, with its files; the answer goes in that message's thread.
 */
import type { WebClient } from '@slack/web-api';
import type { Invocation } from '../../src/command-model/command-types.js';
import { type SlackContext, slackInvoker, surfaceBase } from './context.js';
import { type SlackFile, toAttachment } from './files.js';
import { fromSlackText } from './incoming-text.js';
import { slackPlace } from './place.js';
import { createSlackSurface } from './surface.js';

export interface MessageShortcutPayload {
  callback_id: string;
  trigger_id?: string;
  user: { id: string; team_id?: string };
  channel: { id: string };
  team?: { id: string } | null;
  message: {
    ts: string;
    thread_ts?: string;
    text?: string;
    user?: string;
    bot_id?: string;
    files?: SlackFile[];
  };
}

export async function runShortcut(
  ctx: SlackContext,
  client: WebClient,
  p: MessageShortcutPayload,
): Promise<void> {
  const threadTs = p.message.thread_ts ?? p.message.ts;
  const teamId = p.team?.id ?? p.user.team_id;
  const location = {
    platform: 'slack' as const,
    channelId: p.channel.id,
    threadId: threadTs,
    ...(teamId ? { serverId: teamId } : {}),
  };
  const link = await client.chat
    .getPermalink({ channel: p.channel.id, message_ts: p.message.ts })
    .then((r) => r.permalink)
    .catch((err: unknown) => {
      ctx.logger.debug({ err }, 'chat.getPermalink failed; the note links without it');
      return undefined;
    });
  const invocation: Invocation = {
    platform: 'slack',
    place: slackPlace(p.channel.id),
    command: p.callback_id,
    user: await slackInvoker(ctx, client, p.user.id),
    channelId: p.channel.id,
    threadId: threadTs,
    target: {
      messageId: p.message.ts,
      text: fromSlackText(p.message.text ?? ''),
      attachments: (p.message.files ?? []).map((f) => toAttachment(ctx, f)),
      ...(p.message.user ? { authorId: p.message.user } : {}),
      ...(link ? { link } : {}),
    },
    ...(p.trigger_id ? { requestId: p.trigger_id } : {}),
    ...(teamId ? { serverId: teamId } : {}),
  };
  const surface = createSlackSurface({ ...surfaceBase(ctx, client, p.user.id), location });
  await ctx.app.dispatcher.dispatchMessageAction(invocation, p.callback_id, surface);
}
