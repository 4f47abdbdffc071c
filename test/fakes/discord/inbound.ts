/** What users do: slash commands, autocomplete, button clicks and messages, sent over the gateway. */
import {
  ALL_PERMISSIONS,
  ATTACHMENT_SIZE_LIMIT,
  apiChannel,
  apiMember,
  apiMessage,
  apiUser,
  withFocus,
} from './builders.js';
import type { FakeGateway } from './gateway.js';
import { dispatchMessage } from './messages.js';
import type { FakeState } from './state.js';
import type {
  ButtonParams,
  CommandOption,
  CommandParams,
  StoredChannel,
  StoredInteraction,
  StoredMessage,
  UserMessageParams,
} from './types.js';

export const DEFAULT_USER_ID = '300000000000000001';
export const DEFAULT_USER_NAME = 'alice';

export class Inbound {
  constructor(
    private readonly state: FakeState,
    private readonly gateway: FakeGateway,
    private readonly defaultChannelId: string,
  ) {}

  private requireSession(what: string): void {
    if (this.gateway.readySessions().length === 0) {
      throw new Error(`fake discord: cannot send ${what}: no client has IDENTIFYed (await waitForReady())`);
    }
  }

  /** The channel, guild and who-fields shared by every interaction. */
  private context(p: {
    userId?: string;
    userName?: string;
    channelId?: string;
    guildId?: string | null;
    permissions?: string;
    roles?: string[];
  }) {
    const user = this.state.user(
      p.userId ?? DEFAULT_USER_ID,
      p.userName ?? (p.userId ? undefined : DEFAULT_USER_NAME),
    );
    let channel: StoredChannel;
    let guildId: string | null;
    if (p.guildId === null) {
      channel = this.state.dmChannelFor(user.id);
      guildId = null;
    } else {
      const found = this.state.channels.get(p.channelId ?? this.defaultChannelId);
      if (!found) throw new Error(`fake discord: unknown channel ${p.channelId}`);
      channel = found;
      guildId = found.guild_id ?? p.guildId ?? this.state.guildId;
      if (!found.guild_id) guildId = null;
    }
    const permissions = p.permissions ?? ALL_PERMISSIONS;
    const who = guildId ? { member: apiMember(user, permissions, p.roles) } : { user: apiUser(user) };
    return {
      user,
      channel,
      guildId,
      base: {
        application_id: this.state.applicationId,
        version: 1,
        ...(guildId
          ? {
              guild_id: guildId,
              guild_locale: 'en-US',
              guild: { id: guildId, locale: 'en-US', features: [] },
            }
          : {}),
        channel_id: channel.id,
        channel: { ...apiChannel(channel), ...(guildId ? { permissions } : {}) },
        ...who,
        locale: 'en-US',
        app_permissions: ALL_PERMISSIONS,
        entitlements: [],
        authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
        context: guildId ? 0 : 1,
        attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
      },
    };
  }

  private send(
    type: number,
    ctx: ReturnType<Inbound['context']>,
    data: unknown,
    componentMessageId?: string,
  ): StoredInteraction {
    this.requireSession('an interaction');
    const id = this.state.nextId();
    const token = `itok_${id}_${Math.random().toString(36).slice(2, 10)}`;
    const it: StoredInteraction = {
      id,
      token,
      type,
      channelId: ctx.channel.id,
      guildId: ctx.guildId,
      sentAt: Date.now(),
      expired: false,
      ...(componentMessageId ? { componentMessageId } : {}),
    };
    this.state.interactions.set(token, it);
    const message = componentMessageId ? this.state.findMessage(componentMessageId) : undefined;
    this.gateway.dispatch('INTERACTION_CREATE', {
      id,
      type,
      token,
      ...ctx.base,
      data,
      ...(message ? { message: apiMessage(message) } : {}),
    });
    return it;
  }

  private commandData(p: CommandParams, options: CommandOption[]) {
    const registered = [
      ...this.state.globalCommands,
      ...(this.state.guildCommands.get(this.state.guildId) ?? []),
    ];
    const cmd = registered.find((c) => c.name === p.name && c.type === 1);
    const resolved = { ...(p.resolved ?? {}), ...(p.attachments ? { attachments: p.attachments } : {}) };
    return {
      id: cmd?.id ?? this.state.nextId(),
      name: p.name,
      type: 1,
      ...(options.length ? { options } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
  }

  slashCommand(p: CommandParams): StoredInteraction {
    const ctx = this.context(p);
    return this.send(2, ctx, this.commandData(p, structuredClone(p.options ?? [])));
  }

  /** A message context menu command (application command type 3) used on a stored message. */
  messageCommand(p: Omit<CommandParams, 'options'> & { messageId: string }): StoredInteraction {
    const target = this.state.findMessage(p.messageId);
    if (!target) throw new Error(`fake discord: messageCommand on unknown message ${p.messageId}`);
    const ctx = this.context({ ...p, channelId: p.channelId ?? target.channel_id });
    const registered = [
      ...this.state.globalCommands,
      ...(this.state.guildCommands.get(this.state.guildId) ?? []),
    ];
    const cmd = registered.find((c) => c.name === p.name && c.type === 3);
    return this.send(2, ctx, {
      id: cmd?.id ?? this.state.nextId(),
      name: p.name,
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: apiMessage(target) } },
    });
  }

  autocomplete(p: CommandParams): StoredInteraction {
    const ctx = this.context(p);
    return this.send(4, ctx, this.commandData(p, withFocus(p.options)));
  }

  buttonClick(p: ButtonParams): StoredInteraction {
    const message = this.state.findMessage(p.messageId);
    if (!message) throw new Error(`fake discord: buttonClick on unknown message ${p.messageId}`);
    const ctx = this.context({ ...p, channelId: p.channelId ?? message.channel_id });
    const componentType = p.componentType ?? 2;
    return this.send(
      3,
      ctx,
      { custom_id: p.customId, component_type: componentType, ...(p.values ? { values: p.values } : {}) },
      message.id,
    );
  }

  userMessage(p: UserMessageParams): StoredMessage {
    this.requireSession('a message');
    const user = this.state.user(
      p.userId ?? DEFAULT_USER_ID,
      p.userName ?? (p.userId ? undefined : DEFAULT_USER_NAME),
    );
    const channel =
      p.guildId === null
        ? this.state.dmChannelFor(user.id)
        : this.state.channels.get(p.channelId ?? this.defaultChannelId);
    if (!channel) throw new Error(`fake discord: unknown channel ${p.channelId}`);
    const mention = `<@${this.state.botUser.id}>`;
    const content = p.mentionsBot && !p.content.includes(mention) ? `${mention} ${p.content}` : p.content;
    const m: StoredMessage = {
      id: this.state.nextId(),
      type: 0,
      channel_id: channel.id,
      ...(channel.guild_id ? { guild_id: channel.guild_id } : {}),
      content,
      components: [],
      embeds: [],
      attachments: (p.attachments ?? []) as StoredMessage['attachments'],
      flags: p.flags ?? 0,
      allowed_mentions: undefined,
      author: user,
      mentions: p.mentionsBot || content.includes(mention) ? [this.state.botUser] : [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      edits: 0,
    };
    this.state.storeMessage(m);
    const { user: _user, ...member } = apiMember(user, undefined, p.roles);
    dispatchMessage(this.state, this.gateway, 'MESSAGE_CREATE', m, channel.guild_id ? member : undefined);
    return m;
  }
}
