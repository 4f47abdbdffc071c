/** auth.test, users.info, assistant.threads.setStatus (apps.connections.open lives with the socket). */
import { dmChannel } from './builders.js';
import { ApiError, required, str } from './http.js';
import type { SlackState } from './state.js';
import { channelOf, type MethodHandler } from './web-chat.js';

export function authTest(state: SlackState): Record<string, unknown> {
  return {
    url: `https://${state.id.teamDomain}.slack.com/`,
    team: 'Fake Team',
    user: 'switchboard',
    team_id: state.id.teamId,
    user_id: state.id.botUserId,
    bot_id: state.id.botId,
    is_enterprise_install: false,
  };
}

function wireUser(state: SlackState, id: string): Record<string, unknown> {
  const u = state.users.get(id);
  if (!u || u.deleted) throw new ApiError('user_not_found');
  return {
    id: u.id,
    team_id: u.team_id,
    name: u.name,
    deleted: false,
    real_name: u.real_name,
    tz: 'Europe/London',
    is_admin: u.is_admin,
    is_owner: u.is_owner,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot,
    is_app_user: false,
    profile: { real_name: u.real_name, display_name: u.name, team: u.team_id },
    ...(u.is_bot ? { bot_id: state.id.botId } : {}),
  };
}

export const miscMethods: Record<string, MethodHandler> = {
  /** Opens (or finds) the DM between the bot and one user: its id is D + the user id here. */
  'conversations.open'(params, state) {
    const users = required(params, 'users').split(',').filter(Boolean);
    if (users.length !== 1) throw new ApiError('not_enough_users');
    const user = users[0] as string;
    if (!state.users.get(user)) state.user(user);
    return { no_op: false, already_open: false, channel: { id: dmChannel(user) } };
  },
  'auth.test': (_params, state) => authTest(state),
  'users.info'(params, state) {
    const id = required(params, 'user');
    // people the fake has not heard of exist with default fields (ids as Slack writes them)
    if (!state.users.has(id) && /^[UW][A-Z0-9]+$/.test(id)) state.user(id);
    return { user: wireUser(state, id) };
  },
  'assistant.threads.setStatus'(params, state) {
    const channel_id = channelOf(params, 'channel_id');
    const thread_ts = required(params, 'thread_ts');
    const status = str(params.status);
    if (status === undefined) throw new ApiError('invalid_arguments', 'missing required field: status');
    state.statuses.push({ channel_id, thread_ts, status, at: Date.now() });
    return {};
  },
};
