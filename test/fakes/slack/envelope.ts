/** The Events API envelope around an event, and the echo Slack sends of the bot's own post. */
import { randomUUID } from 'node:crypto';
import type { SlackState } from './state.js';
import type { EventEnvelope, UserAction } from './types.js';

export function envelope(
  state: SlackState,
  event: Record<string, unknown> & { type: string },
): EventEnvelope {
  const { id } = state;
  return {
    token: id.verificationToken,
    team_id: id.teamId,
    api_app_id: id.appId,
    event: { ...event, event_ts: event.event_ts ?? event.ts ?? state.nextTs() },
    type: 'event_callback',
    event_id: state.nextId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: id.teamId,
        user_id: id.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(randomUUID()).toString('base64url').slice(0, 40)}`,
  };
}

/** The `message` event Slack sends the app for its own post (bot_id set, no subtype). */
export function buildBotEcho(state: SlackState, channel: string, ts: string): UserAction {
  const m = state.find(channel, ts);
  if (!m?.bot_id) throw new Error(`fake slack: no bot message ${ts} in ${channel}`);
  const event = {
    type: 'message',
    user: m.user,
    bot_id: m.bot_id,
    app_id: state.id.appId,
    text: m.text,
    ts: m.ts,
    team: state.id.teamId,
    channel,
    event_ts: m.ts,
    channel_type: channel.startsWith('D') ? 'im' : 'channel',
    bot_profile: {
      id: m.bot_id,
      app_id: state.id.appId,
      name: 'Switchboard',
      deleted: false,
      team_id: state.id.teamId,
    },
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  };
  return { channel, ts, inbound: [{ type: 'events_api', body: envelope(state, event) }] };
}
