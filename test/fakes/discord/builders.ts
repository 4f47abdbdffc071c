/** Shapes of the API objects the fake sends (messages, channels, guilds, interactions). */
import type { FakeState } from './state.js';
import type { CommandOption, StoredAttachment, StoredChannel, StoredMessage, StoredUser } from './types.js';

export const ALL_PERMISSIONS = '2251799813685247';
export const ATTACHMENT_SIZE_LIMIT = 10_485_760;

export function apiUser(u: StoredUser) {
  return {
    id: u.id,
    username: u.username,
    discriminator: u.discriminator,
    global_name: u.global_name,
    avatar: u.avatar,
    ...(u.bot ? { bot: true } : {}),
  };
}

export function apiAttachment(a: StoredAttachment) {
  const { data: _data, ...rest } = a;
  return { ...rest, ephemeral: false };
}

export function apiMessage(m: StoredMessage) {
  return {
    id: m.id,
    type: m.type,
    channel_id: m.channel_id,
    ...(m.guild_id ? { guild_id: m.guild_id } : {}),
    author: apiUser(m.author),
    content: m.content,
    timestamp: m.timestamp,
    edited_timestamp: m.edited_timestamp,
    tts: false,
    mention_everyone: false,
    mentions: m.mentions.map(apiUser),
    mention_roles: [],
    attachments: m.attachments.map(apiAttachment),
    embeds: m.embeds,
    components: m.components,
    pinned: false,
    flags: m.flags,
    ...(m.webhook_id ? { webhook_id: m.webhook_id, application_id: m.webhook_id } : {}),
    ...(m.message_reference ? { message_reference: m.message_reference } : {}),
  };
}

export function apiChannel(c: StoredChannel) {
  const { recipients, ...rest } = c;
  return recipients ? { ...rest, recipients: recipients.map(apiUser) } : { ...rest };
}

export function apiRole(id: string, name: string, position: number, permissions = '0') {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export function apiMember(u: StoredUser, permissions?: string, roles: readonly string[] = []) {
  return {
    user: apiUser(u),
    roles: [...roles],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    ...(permissions ? { permissions } : {}),
  };
}

export function guildCreate(state: FakeState) {
  const channels = [...state.channels.values()].filter(
    (c) => c.guild_id === state.guildId && c.type !== 11 && c.type !== 12,
  );
  const threads = [...state.channels.values()].filter(
    (c) => c.guild_id === state.guildId && (c.type === 11 || c.type === 12),
  );
  return {
    id: state.guildId,
    name: state.guildName,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '1',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      apiRole(state.guildId, '@everyone', 0, ALL_PERMISSIONS),
      ...[...state.roles.values()].map((r, i) => apiRole(r.id, r.name, i + 1)),
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [apiMember(state.botUser)],
    channels: channels.map(apiChannel),
    threads: threads.map(apiChannel),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Mark one leaf option focused when the caller marked none (autocomplete). */
export function withFocus(options: CommandOption[] | undefined): CommandOption[] {
  const copy = structuredClone(options ?? []) as CommandOption[];
  const leaves: CommandOption[] = [];
  const walk = (list: CommandOption[]) => {
    for (const o of list) {
      if (o.type === 1 || o.type === 2) walk((o.options ?? []) as CommandOption[]);
      else leaves.push(o);
    }
  };
  walk(copy);
  if (!leaves.some((o) => o.focused)) {
    const last = leaves.at(-1);
    if (last) last.focused = true;
  }
  return copy;
}
