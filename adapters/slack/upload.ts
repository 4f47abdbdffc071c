/**
 * Files out: Slack's external upload flow (files.getUploadURLExternal → POST the bytes →
 * files.completeUploadExternal), through the WebClient's filesUploadV2. The message text goes as
 * the files' initial comment; the footer follows it on a line of its own.
 */
import type { WebClient } from '@slack/web-api';
import { withCommandSyntax } from '../../src/command-model/command-ref.js';
import { asBuffer } from '../../src/files/bytes.js';
import type { MessageRef, OutgoingMessage } from '../../src/surface/reply-surface.js';
import { defuse, SLACK_COMMAND_PREFIX, toMrkdwn } from './render.js';

export async function uploadFiles(
  client: WebClient,
  where: { channel: string; thread_ts?: string },
  message: OutgoingMessage,
): Promise<MessageRef> {
  const files = message.files ?? [];
  const text = withCommandSyntax(message.text, SLACK_COMMAND_PREFIX, { keepMentionMarks: true });
  const footer = message.footer
    ? withCommandSyntax(message.footer, SLACK_COMMAND_PREFIX, { keepMentionMarks: true })
    : '';
  const comment = [toMrkdwn(text, { unmask: true }), footer ? `_${defuse(footer)}_` : '']
    .filter((s) => s.trim())
    .join('\n');
  const res = (await client.filesUploadV2({
    channel_id: where.channel,
    ...(where.thread_ts ? { thread_ts: where.thread_ts } : {}),
    ...(comment ? { initial_comment: comment } : {}),
    file_uploads: files.map((f) => ({ file: asBuffer(f.data), filename: f.name, title: f.name })),
  })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
  const id = res.files?.[0]?.files?.[0]?.id ?? `upload-${Date.now()}`;
  return {
    id: `file-${id}`,
    channelId: where.channel,
    ...(where.thread_ts ? { threadId: where.thread_ts } : {}),
  };
}
