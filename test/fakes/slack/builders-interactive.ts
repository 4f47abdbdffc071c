/** Slash command and block_actions payloads, with response_url endpoints on the fake. */
import { randomUUID } from 'node:crypto';
import { type ButtonView, buttonsOf } from './blocks.js';
import { DEFAULT_CHANNEL, DEFAULT_USER, slackEscape } from './builders.js';
import type { SlackState } from './state.js';
import type { UserAction } from './types.js';
import { wireFile } from './web-files.js';

export interface SlashInput {
  text: string;
  command?: string;
  user?: string;
  channel?: string;
}

export interface ClickInput {
  channel: string;
  /** The message carrying the button. */
  ts: string;
  /** Which button: exact action_id, its prefix (e.g. 'stop:'), or its label. */
  button: string;
  user?: string;
}

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomUUID().replaceAll('-', '')}`;
}

function responseUrl(
  state: SlackState,
  target: { channel: string; user: string; threadTs?: string; messageTs?: string },
) {
  const id = `T${randomUUID().replaceAll('-', '')}`;
  state.responseTargets.set(id, target);
  return `${state.origin}/commands/${id}`;
}

export function buildSlash(state: SlackState, s: SlashInput): UserAction {
  const channel = s.channel ?? DEFAULT_CHANNEL;
  const user = s.user ?? DEFAULT_USER;
  const u = state.user(user);
  const body: Record<string, string> = {
    token: state.id.verificationToken,
    team_id: state.id.teamId,
    team_domain: state.id.teamDomain,
    channel_id: channel,
    channel_name: channel.startsWith('D') ? 'directmessage' : 'general',
    user_id: user,
    user_name: u.name,
    command: s.command ?? '/switchboard',
    text: slackEscape(s.text),
    api_app_id: state.id.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl(state, { channel, user }),
    trigger_id: triggerId(),
  };
  return { channel, inbound: [{ type: 'slash_commands', body }] };
}

function pick(buttons: ButtonView[], want: string): ButtonView | undefined {
  return (
    buttons.find((b) => b.action_id === want) ??
    buttons.find((b) => b.action_id.startsWith(want)) ??
    buttons.find((b) => b.text === want)
  );
}

export function buildClick(state: SlackState, c: ClickInput): UserAction {
  const m = state.find(c.channel, c.ts);
  if (!m || m.deleted) throw new Error(`fake slack: no message ${c.ts} in ${c.channel}`);
  const blocks = [...(m.blocks ?? []), ...(m.stream?.stopBlocks ?? [])];
  const button = pick(buttonsOf(blocks), c.button);
  if (!button)
    throw new Error(
      `fake slack: message ${c.ts} has no button "${c.button}" (has: ${buttonsOf(blocks)
        .map((b) => b.action_id)
        .join(', ')})`,
    );
  const user = c.user ?? DEFAULT_USER;
  const u = state.user(user);
  const ts = state.nextTs();
  const message = {
    type: 'message',
    user: m.user,
    ts: m.ts,
    text: m.text,
    team: state.id.teamId,
    ...(m.bot_id ? { bot_id: m.bot_id, app_id: state.id.appId } : {}),
    ...(blocks.length ? { blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  };
  const body = {
    type: 'block_actions',
    user: { id: user, username: u.name, name: u.name, team_id: state.id.teamId },
    api_app_id: state.id.appId,
    token: state.id.verificationToken,
    container: {
      type: 'message',
      message_ts: m.ts,
      channel_id: c.channel,
      is_ephemeral: !!m.ephemeralTo,
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    },
    trigger_id: triggerId(),
    team: { id: state.id.teamId, domain: state.id.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: c.channel, name: c.channel.startsWith('D') ? 'directmessage' : 'general' },
    message,
    state: { values: {} },
    response_url: responseUrl(state, {
      channel: c.channel,
      user,
      messageTs: m.ts,
      ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
    }),
    actions: [
      {
        action_id: button.action_id,
        block_id: button.block_id ?? 'actions',
        text: { type: 'plain_text', text: button.text, emoji: true },
        ...(button.value !== undefined ? { value: button.value } : {}),
        ...(button.style ? { style: button.style } : {}),
        type: 'button',
        action_ts: ts,
      },
    ],
  };
  return { channel: c.channel, ts: m.ts, inbound: [{ type: 'interactive', body }] };
}

export interface ShortcutInput {
  channel: string;
  /** The message the shortcut is used on. */
  ts: string;
  /** The shortcut's callback_id (as in the app manifest). */
  callbackId: string;
  user?: string;
}

/** A message shortcut (`message_action`): the whole message, with its files, comes along. */
export function buildShortcut(state: SlackState, c: ShortcutInput): UserAction {
  const m = state.find(c.channel, c.ts);
  if (!m || m.deleted) throw new Error(`fake slack: no message ${c.ts} in ${c.channel}`);
  const user = c.user ?? DEFAULT_USER;
  const u = state.user(user);
  const body = {
    type: 'message_action',
    token: state.id.verificationToken,
    action_ts: state.nextTs(),
    team: { id: state.id.teamId, domain: state.id.teamDomain },
    user: { id: user, username: u.name, name: u.name, team_id: state.id.teamId },
    channel: { id: c.channel, name: c.channel.startsWith('D') ? 'directmessage' : 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: c.callbackId,
    trigger_id: triggerId(),
    response_url: responseUrl(state, { channel: c.channel, user, messageTs: m.ts }),
    message_ts: m.ts,
    message: {
      type: 'message',
      ts: m.ts,
      text: m.via === 'user' ? slackEscape(m.text) : m.text,
      ...(m.user ? { user: m.user } : {}),
      ...(m.bot_id ? { bot_id: m.bot_id } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(m.files ? { files: m.files.map((f) => wireFile(f)) } : {}),
    },
  };
  return { channel: c.channel, ts: m.ts, inbound: [{ type: 'interactive', body }] };
}
