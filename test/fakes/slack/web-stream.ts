/**
 * Native text streaming: chat.startStream → appendStream* → stopStream. A stream is a thread reply;
 * outside DMs it needs the recipient; it stops accepting text when stopped or older than the
 * lifetime (`message_not_in_streaming_state`); markdown_text is limited to 12,000 characters.
 */
import { validateBlocks } from './blocks.js';
import { ApiError, required, str } from './http.js';
import type { SlackState } from './state.js';
import type { StoredMessage } from './types.js';
import { botMessage, channelOf, type MethodHandler, wireMessage } from './web-chat.js';

export const MARKDOWN_LIMIT = 12_000;

/** The markdown pieces of one call (`markdown_text` and/or `chunks`), plus the other chunks. */
function pieces(params: Record<string, unknown>): { texts: string[]; others: unknown[] } {
  const texts: string[] = [];
  const others: unknown[] = [];
  const md = str(params.markdown_text);
  if (md !== undefined) texts.push(md);
  const chunks = params.chunks;
  if (chunks !== undefined) {
    if (!Array.isArray(chunks)) throw new ApiError('invalid_arguments', 'chunks must be an array');
    for (const c of chunks as Array<{ type?: string; text?: unknown }>) {
      if (c?.type === 'markdown_text') {
        if (typeof c.text !== 'string')
          throw new ApiError('invalid_arguments', 'markdown_text chunk needs text');
        texts.push(c.text);
      } else if (c && typeof c.type === 'string') others.push(c);
      else throw new ApiError('invalid_arguments', 'unknown chunk');
    }
  }
  for (const t of texts) if (t.length > MARKDOWN_LIMIT) throw new ApiError('msg_too_long');
  return { texts, others };
}

function live(
  params: Record<string, unknown>,
  state: SlackState,
): StoredMessage & { stream: NonNullable<StoredMessage['stream']> } {
  const channel = channelOf(params);
  const ts = required(params, 'ts');
  const m = state.find(channel, ts);
  if (!m?.stream || m.deleted || !state.streamLive(m)) throw new ApiError('message_not_in_streaming_state');
  return m as StoredMessage & { stream: NonNullable<StoredMessage['stream']> };
}

export const streamMethods: Record<string, MethodHandler> = {
  'chat.startStream'(params, state) {
    const channel = channelOf(params);
    const thread = str(params.thread_ts);
    if (!thread) throw new ApiError('invalid_arguments', 'missing required field: thread_ts');
    const recipientUserId = str(params.recipient_user_id);
    const recipientTeamId = str(params.recipient_team_id);
    if (!channel.startsWith('D')) {
      if (!recipientUserId)
        throw new ApiError('invalid_arguments', 'missing required field: recipient_user_id');
      if (!recipientTeamId)
        throw new ApiError('invalid_arguments', 'missing required field: recipient_team_id');
    }
    const { texts, others } = pieces(params);
    const thread_ts = state.threadRoot(channel, thread) as string;
    const m = botMessage(state, {
      channel,
      thread_ts,
      text: texts.join(''),
      via: 'chat.startStream',
      stream: {
        state: 'streaming',
        startedAt: Date.now(),
        chunks: texts,
        otherChunks: others,
        appends: 0,
        ...(recipientUserId ? { recipientUserId } : {}),
        ...(recipientTeamId ? { recipientTeamId } : {}),
      },
    });
    // a stream ends with time, not with a call: let waiters look again when it expires
    setTimeout(() => state.notify(), state.limits.streamLifetimeMs + 5).unref();
    return { channel, ts: m.ts };
  },
  'chat.appendStream'(params, state) {
    const m = live(params, state);
    const { texts, others } = pieces(params);
    if (texts.length === 0 && others.length === 0)
      throw new ApiError('invalid_arguments', 'markdown_text or chunks is required');
    m.stream.chunks.push(...texts);
    m.stream.otherChunks.push(...others);
    m.stream.appends += 1;
    m.text = m.stream.chunks.join('');
    return { channel: m.channel, ts: m.ts };
  },
  'chat.stopStream'(params, state) {
    const m = live(params, state);
    const { texts, others } = pieces(params);
    m.stream.chunks.push(...texts);
    m.stream.otherChunks.push(...others);
    if (params.blocks !== undefined) m.stream.stopBlocks = validateBlocks(params.blocks);
    m.stream.state = 'stopped';
    m.text = m.stream.chunks.join('');
    return { channel: m.channel, ts: m.ts, message: wireMessage(m, state) };
  },
};
