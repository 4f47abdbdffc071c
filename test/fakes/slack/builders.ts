/**
 * Realistic payloads for what users do: a channel mention (Slack sends `app_mention` and also a
 * `message` event), a message or thread reply, a DM (`channel_type: 'im'`, D… channel). The user's
 * message is stored too. Slash commands and clicks: builders-interactive.ts; the bot's echo: envelope.ts.
 */
import { randomUUID } from 'node:crypto';
import { envelope } from './envelope.js';
import type { SlackState } from './state.js';
import type { Inbound, StoredFile, UserAction } from './types.js';
import { wireFile } from './web-files.js';

export const DEFAULT_USER = 'U0FAKEUSR1';
export const DEFAULT_CHANNEL = 'C0FAKEGEN1';

export interface MessageInput {
  text: string;
  user?: string;
  channel?: string;
  threadTs?: string;
  files?: StoredFile[];
}

/** Slack's rich_text rendering of what the user typed (user mentions become `user` elements). */
function richText(text: string) {
  const elements = text
    .split(/(<@[A-Z0-9]+>)/)
    .filter(Boolean)
    .map((part) => {
      const m = /^<@([A-Z0-9]+)>$/.exec(part);
      return m ? { type: 'user', user_id: m[1] } : { type: 'text', text: part };
    });
  return [
    {
      type: 'rich_text',
      block_id: randomUUID().slice(0, 5),
      elements: [{ type: 'rich_text_section', elements }],
    },
  ];
}

/** Stores the user's message and returns the fields both event types share. */
function userMessage(state: SlackState, m: MessageInput & { channel: string; user: string }) {
  const ts = state.nextTs();
  const thread_ts = state.threadRoot(m.channel, m.threadTs);
  state.store({
    channel: m.channel,
    ts,
    user: m.user,
    text: m.text,
    via: 'user',
    postedAt: Date.now(),
    updateTimes: [],
    ...(thread_ts ? { thread_ts } : {}),
    ...(m.files ? { files: m.files } : {}),
  });
  state.notify();
  const parent = thread_ts ? state.find(m.channel, thread_ts) : undefined;
  return {
    fields: {
      client_msg_id: randomUUID(),
      text: slackEscape(m.text),
      user: m.user,
      ts,
      team: state.id.teamId,
      blocks: richText(m.text),
      channel: m.channel,
      event_ts: ts,
      ...(thread_ts ? { thread_ts, ...(parent ? { parent_user_id: parent.user } : {}) } : {}),
      ...(m.files ? { files: m.files.map((f) => ({ ...wireFile(f), user: m.user })), upload: false } : {}),
    },
    ts,
    thread_ts,
  };
}

/**
 * What Slack does to text people type before apps see it: `&`, `<` and `>` become entities, while
 * its own tokens (`<@U…>`, `<#C…>`, `<!here>`, `<https://…>`) stay as they are.
 */
export function slackEscape(text: string): string {
  return text
    .split(/(<(?:@|#|!|https?:\/\/)[^<>]*>)/)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    )
    .join('');
}

const ev = (state: SlackState, event: Record<string, unknown> & { type: string }): Inbound => ({
  type: 'events_api',
  body: envelope(state, event),
});

export function dmChannel(user: string): string {
  return `D${user.replace(/^[UW]/, '')}`;
}

export function buildMention(state: SlackState, m: MessageInput): UserAction {
  const channel = m.channel ?? DEFAULT_CHANNEL;
  const user = m.user ?? DEFAULT_USER;
  const mention = `<@${state.id.botUserId}>`;
  const text = m.text.includes(mention) ? m.text : `${mention} ${m.text}`;
  const { fields, ts, thread_ts } = userMessage(state, { ...m, text, channel, user });
  const message = {
    type: 'message',
    ...fields,
    channel_type: 'channel',
    ...(m.files ? { subtype: 'file_share' } : {}),
  };
  return {
    channel,
    ts,
    ...(thread_ts ? { threadTs: thread_ts } : {}),
    inbound: [ev(state, { type: 'app_mention', ...fields }), ev(state, message)],
  };
}

export function buildMessage(state: SlackState, m: MessageInput & { channelType?: string }): UserAction {
  const channel = m.channel ?? DEFAULT_CHANNEL;
  const user = m.user ?? DEFAULT_USER;
  const { fields, ts, thread_ts } = userMessage(state, { ...m, channel, user });
  const channelType =
    m.channelType ?? (channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'group' : 'channel');
  const event = {
    type: 'message',
    ...fields,
    channel_type: channelType,
    ...(m.files ? { subtype: 'file_share' } : {}),
  };
  return { channel, ts, ...(thread_ts ? { threadTs: thread_ts } : {}), inbound: [ev(state, event)] };
}

export function buildDm(state: SlackState, m: Omit<MessageInput, 'channel'>): UserAction {
  const user = m.user ?? DEFAULT_USER;
  return buildMessage(state, { ...m, user, channel: dmChannel(user), channelType: 'im' });
}
