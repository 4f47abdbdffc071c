/** chat.postMessage / update / postEphemeral / delete and conversations.replies / history. */
import { validateBlocks } from './blocks.js';
import { ApiError, required, str } from './http.js';
import type { SlackState } from './state.js';
import type { Block, StoredMessage } from './types.js';

export type MethodHandler = (params: Record<string, unknown>, state: SlackState) => Record<string, unknown>;

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

export function channelOf(params: Record<string, unknown>, name = 'channel'): string {
  const channel = str(params[name]);
  if (!channel) throw new ApiError('channel_not_found');
  if (!CHANNEL_ID.test(channel)) throw new ApiError('channel_not_found');
  return channel;
}

/** Slack gives every block a block_id when the app did not. */
function withBlockIds(blocks: Block[], state: SlackState): Block[] {
  return blocks.map((b) => (typeof b.block_id === 'string' ? b : { ...b, block_id: state.nextId('b') }));
}

/** text / blocks as Slack checks them: no_text, msg_too_long, invalid_blocks. */
export function content(
  params: Record<string, unknown>,
  state: SlackState,
): { text: string; blocks?: Block[] } {
  const text = str(params.text) ?? '';
  const blocks = params.blocks === undefined ? undefined : validateBlocks(params.blocks);
  if (!text && !blocks?.length && params.attachments === undefined) throw new ApiError('no_text');
  if (text.length > state.limits.textLimit) throw new ApiError('msg_too_long');
  return { text, ...(blocks ? { blocks: withBlockIds(blocks, state) } : {}) };
}

export function botMessage(
  state: SlackState,
  m: Partial<StoredMessage> & Pick<StoredMessage, 'channel' | 'text' | 'via'>,
) {
  const stored: StoredMessage = {
    ts: state.nextTs(),
    user: state.id.botUserId,
    bot_id: state.id.botId,
    postedAt: Date.now(),
    updateTimes: [],
    ...m,
  };
  return state.store(stored);
}

/** The message object as Slack returns it in API answers and history. */
export function wireMessage(m: StoredMessage, state: SlackState): Record<string, unknown> {
  const replies = m.thread_ts === m.ts || !m.thread_ts ? threadReplies(state, m.channel, m.ts) : [];
  return {
    type: 'message',
    user: m.user,
    text: m.text,
    ts: m.ts,
    ...(m.bot_id ? { bot_id: m.bot_id, app_id: state.id.appId } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : replies.length ? { thread_ts: m.ts } : {}),
    ...(replies.length ? { reply_count: replies.length } : {}),
    ...(m.files ? { files: m.files.map(({ data: _data, ...f }) => f) } : {}),
    ...(m.updateTimes.length ? { edited: { user: m.user, ts: m.ts } } : {}),
    team: state.id.teamId,
  };
}

function threadReplies(state: SlackState, channel: string, ts: string): StoredMessage[] {
  return state.thread(channel, ts).filter((m) => m.ts !== ts && !m.deleted && !m.ephemeralTo);
}

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage'(params, state) {
    const channel = channelOf(params);
    const body = content(params, state);
    const thread_ts = state.threadRoot(channel, str(params.thread_ts));
    const m = botMessage(state, {
      channel,
      via: 'chat.postMessage',
      ...body,
      ...(thread_ts ? { thread_ts } : {}),
    });
    return { channel, ts: m.ts, message: wireMessage(m, state) };
  },
  'chat.update'(params, state) {
    const channel = channelOf(params);
    const ts = required(params, 'ts');
    const m = state.find(channel, ts);
    if (!m || m.deleted || m.ephemeralTo) throw new ApiError('message_not_found');
    if (m.user !== state.id.botUserId) throw new ApiError('cant_update_message');
    if (state.streamLive(m)) throw new ApiError('cant_update_message', 'message is streaming');
    const body = content({ blocks: m.blocks, ...params }, state);
    m.text = body.text;
    if (body.blocks) m.blocks = body.blocks;
    m.updateTimes.push(Date.now());
    return { channel, ts, text: m.text, message: wireMessage(m, state) };
  },
  'chat.postEphemeral'(params, state) {
    const channel = channelOf(params);
    const user = required(params, 'user');
    if (!state.users.has(user) && !/^[UW][A-Z0-9]+$/.test(user)) throw new ApiError('user_not_found');
    const body = content(params, state);
    const thread_ts = state.threadRoot(channel, str(params.thread_ts));
    const m = botMessage(state, {
      channel,
      via: 'chat.postEphemeral',
      ephemeralTo: user,
      ...body,
      ...(thread_ts ? { thread_ts } : {}),
    });
    return { message_ts: m.ts };
  },
  'chat.delete'(params, state) {
    const channel = channelOf(params);
    const ts = required(params, 'ts');
    const m = state.find(channel, ts);
    if (!m || m.deleted) throw new ApiError('message_not_found');
    if (m.user !== state.id.botUserId) throw new ApiError('cant_delete_message');
    m.deleted = true;
    return { channel, ts };
  },
  'chat.getPermalink'(params, state) {
    const channel = channelOf(params);
    const ts = required(params, 'message_ts');
    const m = state.find(channel, ts);
    if (!m || m.deleted) throw new ApiError('message_not_found');
    return {
      channel,
      permalink: `https://${state.id.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
    };
  },
  'conversations.replies'(params, state) {
    const channel = channelOf(params);
    const ts = required(params, 'ts');
    const parent = state.find(channel, ts);
    if (!parent || parent.deleted) throw new ApiError('thread_not_found');
    const root = parent.thread_ts ?? parent.ts;
    const list = state.thread(channel, root).filter((m) => !m.deleted && !m.ephemeralTo);
    return { messages: list.map((m) => wireMessage(m, state)), has_more: false };
  },
  'conversations.history'(params, state) {
    const channel = channelOf(params);
    const list = state
      .channel(channel)
      .filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && !m.deleted && !m.ephemeralTo)
      .reverse();
    return { messages: list.map((m) => wireMessage(m, state)), has_more: false };
  },
};
