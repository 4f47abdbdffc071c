/** Messages as a person in Slack sees them: updated text/blocks, streams assembled from their chunks. */
import { type ButtonView, buttonsOf, renderBlocks, unescapeMrkdwn } from './blocks.js';
import type { SlackState } from './state.js';
import type { Block, StoredFile, StoredMessage } from './types.js';

export interface MessageView {
  ts: string;
  thread_ts?: string;
  user: string;
  bot_id?: string;
  isBot: boolean;
  /** What the reader sees: the blocks (else `text`); for a stream its markdown plus the stop blocks. */
  text: string;
  /** The `text` field (notification fallback). */
  fallback: string;
  blocks: Block[];
  buttons: ButtonView[];
  files: StoredFile[];
  /** Native streams: still receiving text, or finished (stopped or timed out). */
  streaming?: 'in_progress' | 'done';
  edits: number;
  ephemeralTo?: string;
  via: StoredMessage['via'];
  raw: StoredMessage;
}

export function viewOf(state: SlackState, m: StoredMessage): MessageView {
  let text: string;
  let blocks = m.blocks ?? [];
  if (m.stream && m.updateTimes.length === 0) {
    const stop = m.stream.stopBlocks ?? [];
    blocks = stop;
    text = [m.stream.chunks.join(''), renderBlocks(stop)].filter(Boolean).join('\n');
  } else text = blocks.length ? renderBlocks(blocks) : unescapeMrkdwn(m.text);
  return {
    ts: m.ts,
    user: m.user,
    isBot: !!m.bot_id,
    text,
    fallback: m.text,
    blocks,
    buttons: buttonsOf(blocks),
    files: m.files ?? [],
    edits: m.updateTimes.length + (m.stream?.appends ?? 0),
    via: m.via,
    raw: m,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.bot_id ? { bot_id: m.bot_id } : {}),
    ...(m.ephemeralTo ? { ephemeralTo: m.ephemeralTo } : {}),
    ...(m.stream ? { streaming: state.streamLive(m) ? ('in_progress' as const) : ('done' as const) } : {}),
  };
}

/**
 * With `threadTs`: the thread's parent and its replies. Without: the channel's top-level messages.
 * Deleted messages are gone; ephemeral ones are included (marked `ephemeralTo`).
 */
export function messagesOf(state: SlackState, channel: string, threadTs?: string): MessageView[] {
  const picked = threadTs
    ? state.thread(channel, threadTs)
    : state.channel(channel).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  return picked.filter((m) => !m.deleted).map((m) => viewOf(state, m));
}
