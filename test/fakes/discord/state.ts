/** In-memory state of the fake Discord: ids, channels, messages, interactions, commands, waiters. */

import { RateLimiter } from './rate-limits.js';
import type {
  RecordedRequest,
  StoredChannel,
  StoredCommand,
  StoredInteraction,
  StoredMessage,
  StoredUser,
} from './types.js';

export type {
  InteractionCallback,
  RecordedRequest,
  StoredAttachment,
  StoredChannel,
  StoredCommand,
  StoredInteraction,
  StoredMessage,
  StoredUser,
} from './types.js';

const DISCORD_EPOCH = 1_420_070_400_000n;

export class FakeState {
  readonly channels = new Map<string, StoredChannel>();
  readonly messagesByChannel = new Map<string, StoredMessage[]>();
  readonly interactions = new Map<string, StoredInteraction>();
  readonly users = new Map<string, StoredUser>();
  readonly cdn = new Map<string, { contentType: string; data: Uint8Array }>();
  readonly editTimes = new Map<string, number[]>();
  /** Nonces of messages created with enforce_nonce: `${author}:${nonce}` → the message and when. */
  readonly nonces = new Map<string, { id: string; at: number }>();
  readonly requests: RecordedRequest[] = [];
  readonly globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();
  readonly dmChannelByUser = new Map<string, string>();
  /** Guild roles besides @everyone (sent in GUILD_CREATE, member role ids refer to them). */
  readonly roles = new Map<string, { id: string; name: string }>();
  /** 429s a test asked for (`FakeDiscord.rateLimit`). */
  readonly rateLimits = new RateLimiter();
  private readonly listeners = new Set<() => void>();
  private lastId = 0n;
  origin = '';

  constructor(
    readonly applicationId: string,
    readonly botUser: StoredUser,
    readonly token: string,
    readonly guildId: string,
    readonly guildName: string,
  ) {
    this.users.set(botUser.id, botUser);
  }

  /** Worker and process bits of this fake's snowflakes: two fakes never hand out the same id. */
  private readonly worker = BigInt(Math.floor(Math.random() * 1024)) << 12n;

  /** A snowflake (timestamp, worker/process, increment), strictly increasing. */
  nextId(): string {
    const stamp = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    let increment = 0n;
    if (stamp <= (this.lastId >> 22n) << 22n) increment = (this.lastId & 0xfffn) + 1n;
    const base = stamp > this.lastId ? stamp : (this.lastId >> 22n) << 22n;
    let id = base | this.worker | (increment & 0xfffn);
    if (id <= this.lastId) id = this.lastId + 1n;
    this.lastId = id;
    return id.toString();
  }

  user(id: string, username?: string): StoredUser {
    let u = this.users.get(id);
    if (!u) {
      u = {
        id,
        username: username ?? `user${id.slice(-4)}`,
        discriminator: '0',
        global_name: null,
        avatar: null,
      };
      this.users.set(id, u);
    } else if (username && u.username !== username) {
      u.username = username;
    }
    return u;
  }

  dmChannelFor(userId: string): StoredChannel {
    const existing = this.dmChannelByUser.get(userId);
    if (existing) return this.channels.get(existing)!;
    const ch: StoredChannel = {
      id: this.nextId(),
      type: 1,
      recipients: [this.user(userId)],
      last_message_id: null,
      flags: 0,
    };
    this.channels.set(ch.id, ch);
    this.dmChannelByUser.set(userId, ch.id);
    return ch;
  }

  messages(channelId: string): StoredMessage[] {
    let list = this.messagesByChannel.get(channelId);
    if (!list) {
      list = [];
      this.messagesByChannel.set(channelId, list);
    }
    return list;
  }

  findMessage(messageId: string): StoredMessage | undefined {
    for (const list of this.messagesByChannel.values()) {
      const m = list.find((x) => x.id === messageId);
      if (m) return m;
    }
    return undefined;
  }

  storeMessage(m: StoredMessage): void {
    this.messages(m.channel_id).push(m);
    const ch = this.channels.get(m.channel_id);
    if (ch) {
      ch.last_message_id = m.id;
      if (ch.type === 11 || ch.type === 12) ch.message_count = (ch.message_count ?? 0) + 1;
    }
  }

  recordEdit(channelId: string, at: number): void {
    let list = this.editTimes.get(channelId);
    if (!list) {
      list = [];
      this.editTimes.set(channelId, list);
    }
    list.push(at);
  }

  /** Keep the bytes reachable at a loopback CDN url; returns the url. */
  putCdn(channelId: string, attachmentId: string, filename: string, contentType: string, data: Uint8Array) {
    const path = `/cdn/attachments/${channelId}/${attachmentId}/${encodeURIComponent(filename)}`;
    this.cdn.set(path, { contentType, data });
    return `${this.origin}${path}`;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
