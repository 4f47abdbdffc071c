/**
 * Mentions, thread replies and DMs: an app mention starts or continues the conversation in that
 * message's thread; replies in a Switchboard thread continue it without a mention; a DM is a
 * conversation too. Each event is handled once, however often Slack retries it.
 */
import type { WebClient } from '@slack/web-api';
import type { Invocation } from '../../src/command-model/command-types.js';
import { conversationKey } from '../../src/conversations/conversation-store.js';
import { errorCode, toUserMessage, wasReported } from '../../src/shared/errors.js';
import { firstDelivery, type SlackContext, slackInvoker, surfaceBase } from './context.js';
import { type SlackFile, toAttachment } from './files.js';
import { fromSlackText } from './incoming-text.js';
import { createSlackSurface } from './surface.js';

export interface IncomingMessage {
  channel: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel_type?: string;
  team?: string;
  files?: SlackFile[];
  bot_id?: string;
  subtype?: string;
}

export function stripMention(text: string, botUserId: string | undefined): string {
  return (botUserId ? text.replaceAll(`<@${botUserId}>`, '') : text.replace(/^<@[A-Z0-9]+>\s*/, '')).trim();
}

type AnswerOptions = { eventId?: string; botUserId?: string; teamId?: string; mentioned: boolean };

/**
 * Answers a message; a failure before the question reaches the dispatcher (the state store not
 * answering while the event is claimed) is said in the thread rather than only logged.
 */
export async function answerMessage(
  ctx: SlackContext,
  client: WebClient,
  m: IncomingMessage,
  opts: AnswerOptions,
): Promise<void> {
  try {
    await answer(ctx, client, m, opts);
  } catch (err) {
    if (wasReported(err)) throw err;
    ctx.logger.error({ err, code: errorCode(err), channel: m.channel }, 'message not answered');
    const thread = m.thread_ts ?? (m.channel_type === 'im' ? undefined : m.ts);
    await client.chat
      .postMessage({
        channel: m.channel,
        text: `⚠️ ${toUserMessage(err)}`,
        ...(thread ? { thread_ts: thread } : {}),
      })
      .catch((postErr: unknown) => ctx.logger.warn({ err: postErr }, 'could not say why a message failed'));
  }
}

async function answer(ctx: SlackContext, client: WebClient, m: IncomingMessage, opts: AnswerOptions) {
  if (!m.user || m.bot_id) return;
  const isDm = m.channel_type === 'im';
  const threadTs = m.thread_ts ?? (isDm ? undefined : m.ts);
  if (!opts.mentioned && !isDm) {
    if (!m.thread_ts) return; // a plain channel message that is not for us
    const key = conversationKey({
      platform: 'slack',
      channelId: m.channel,
      threadId: m.thread_ts,
      userId: m.user,
    });
    if (!(await ctx.app.services.conversations.get(key))) return;
  }
  if (!(await firstDelivery(ctx, opts.eventId))) {
    ctx.logger.info({ eventId: opts.eventId }, 'duplicate Slack event ignored');
    return;
  }
  const prompt = fromSlackText(stripMention(m.text ?? '', opts.botUserId));
  const attachments = (m.files ?? []).map((f) => toAttachment(ctx, f));
  if (!prompt && attachments.length === 0) return;
  const teamId = m.team ?? opts.teamId;
  const invocation: Invocation = {
    platform: 'slack',
    command: 'chat',
    user: await slackInvoker(ctx, client, m.user),
    channelId: m.channel,
    attachments,
    ...(opts.eventId ? { requestId: opts.eventId } : {}),
    ...(teamId ? { serverId: teamId } : {}),
    ...(threadTs ? { threadId: threadTs } : {}),
  };
  const surface = createSlackSurface({
    ...surfaceBase(ctx, client, m.user),
    location: {
      platform: 'slack',
      channelId: m.channel,
      ...(teamId ? { serverId: teamId } : {}),
      ...(threadTs ? { threadId: threadTs } : {}),
    },
  });
  // a DM is one running conversation at its top level: answers never open a thread there
  if (!threadTs) delete surface.openThread;
  await ctx.app.dispatcher.dispatchCommand(
    invocation,
    { prompt: prompt || 'Please look at the attached file.' },
    surface,
  );
}
