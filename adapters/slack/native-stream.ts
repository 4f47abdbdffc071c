/**
 * Slack's own text streaming (`chat.startStream` / `appendStream` / `stopStream`) as the core's
 * NativeStream. It needs a thread, and outside DMs the recipient user and team. Markdown goes as
 * `markdown_text` (Slack renders it; no mrkdwn conversion), with pings defused. When the workspace
 * refuses streaming (older plan, missing feature) the surface stops trying and posts-then-edits.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { NativeStream } from '../../src/surface/reply-surface.js';
import { footerBlocks, safeMarkdown } from './render.js';

/**
 * Shared per app: each is switched off for good once Slack refused it for a reason other than load
 * (native streaming; the assistant thread "is thinking…" status).
 */
export interface SlackFeatures {
  streaming: boolean;
  status: boolean;
}

export interface StreamTarget {
  client: WebClient;
  channel: string;
  threadTs: string;
  userId: string;
  teamId?: string;
  features: SlackFeatures;
  logger?: Logger;
}

/** Slack ends a stream after about 5 minutes; a message takes 12,000 characters per call. */
export function slackErrorCode(err: unknown): string | undefined {
  return (err as { data?: { error?: string } } | null)?.data?.error;
}

/** Sets the assistant thread status ("is thinking…"); where Slack refuses it, it is not tried again. */
export async function setThreadStatus(t: Omit<StreamTarget, 'userId'>, status: string): Promise<void> {
  if (!t.features.status) return;
  try {
    await t.client.assistant.threads.setStatus({ channel_id: t.channel, thread_ts: t.threadTs, status });
  } catch (err) {
    const code = slackErrorCode(err);
    if (!code || !TRANSIENT.has(code)) {
      t.features.status = false;
      t.logger?.debug({ err, code }, 'assistant thread status unavailable; not tried again');
    }
  }
}

export const SLACK_STREAM_LIMITS = { maxChars: 10_000, maxAgeMs: 4 * 60_000, appendIntervalMs: 500 };

const TRANSIENT = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
]);
/** Answers that mean this app or workspace cannot stream at all (others concern one channel or message). */
const FEATURE_OFF = new Set([
  'unknown_method',
  'method_deprecated',
  'not_allowed_token_type',
  'missing_scope',
  'feature_not_enabled',
  'not_authed',
  'invalid_auth',
]);

export function canStream(t: {
  channel: string;
  threadTs?: string;
  teamId?: string;
  features: SlackFeatures;
}) {
  return t.features.streaming && !!t.threadTs && (t.channel.startsWith('D') || !!t.teamId);
}

export async function openSlackStream(t: StreamTarget, first: string): Promise<NativeStream | undefined> {
  const isDm = t.channel.startsWith('D');
  let ts: string;
  try {
    const res = await t.client.chat.startStream({
      channel: t.channel,
      thread_ts: t.threadTs,
      markdown_text: safeMarkdown(first),
      ...(isDm ? {} : { recipient_user_id: t.userId, recipient_team_id: t.teamId as string }),
    });
    if (!res.ts) throw new Error('chat.startStream returned no ts');
    ts = res.ts;
  } catch (err) {
    const code = slackErrorCode(err);
    if (code && FEATURE_OFF.has(code)) {
      t.features.streaming = false;
      t.logger?.warn({ err, code }, 'Slack refused native streaming; answers post and update instead');
    } else t.logger?.debug({ err, code }, 'no native stream for this answer; it posts and updates');
    return undefined;
  }
  const { client, channel } = t;
  return {
    ref: { id: ts, channelId: channel, threadId: t.threadTs },
    ...SLACK_STREAM_LIMITS,
    async append(markdown) {
      await client.chat.appendStream({ channel, ts, markdown_text: safeMarkdown(markdown) });
    },
    async finish(final) {
      const blocks = footerBlocks(final);
      await client.chat.stopStream({
        channel,
        ts,
        ...(final.text ? { markdown_text: safeMarkdown(final.text) } : {}),
        ...(blocks.length ? { blocks: blocks as never } : {}),
      });
    },
  };
}

/**
 * Ends a live message this process no longer streams (after a restart): the closing text and the
 * footer go with `chat.stopStream`. False when Slack refused (the stream had already ended).
 */
export async function endSlackStream(
  client: WebClient,
  ref: { id: string; channelId: string },
  final: { text?: string; footer?: string },
): Promise<boolean> {
  const blocks = footerBlocks(final);
  try {
    await client.chat.stopStream({
      channel: ref.channelId,
      ts: ref.id,
      ...(final.text ? { markdown_text: safeMarkdown(final.text) } : {}),
      ...(blocks.length ? { blocks: blocks as never } : {}),
    });
    return true;
  } catch {
    return false;
  }
}
