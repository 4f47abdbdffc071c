/** In-memory state of the fake Slack: ids, messages, users, files, records and change listeners. */
import type {
  FileRequest,
  RecordedCall,
  ResponseUrlPost,
  SlackUser,
  StatusRecord,
  StoredFile,
  StoredMessage,
} from './types.js';

export interface SlackIdentity {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
  verificationToken: string;
}

export interface SlackLimits {
  /** `text` longer than this → msg_too_long (chat.postMessage, chat.update, chat.postEphemeral). */
  textLimit: number;
  /** A stream older than this is no longer in streaming state. */
  streamLifetimeMs: number;
}

export class SlackState {
  readonly messagesByChannel = new Map<string, StoredMessage[]>();
  /** Indexes of the stored messages: the first with a ts, each thread's messages, the order of storing. */
  private readonly byTs = new Map<string, StoredMessage>();
  private readonly byThread = new Map<string, StoredMessage[]>();
  private readonly order = new Map<StoredMessage, number>();
  readonly users = new Map<string, SlackUser>();
  readonly files = new Map<string, StoredFile>();
  readonly calls: RecordedCall[] = [];
  readonly fileRequests: FileRequest[] = [];
  readonly statuses: StatusRecord[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** response_url id → where its answers go. */
  readonly responseTargets = new Map<
    string,
    { channel: string; user: string; threadTs?: string; messageTs?: string }
  >();
  /** Pending faults: method → answers to give before answering normally. */
  readonly faults = new Map<string, Array<{ kind: 'ratelimit'; retryAfter: number } | { error: string }>>();
  private readonly listeners = new Set<() => void>();
  private lastMicros = 0;
  private seq = 0;
  origin = '';

  constructor(
    readonly id: SlackIdentity,
    readonly limits: SlackLimits,
  ) {
    this.user(id.botUserId, { name: 'switchboard', real_name: 'Switchboard', is_bot: true });
  }

  /** A Slack message timestamp: `seconds.micros`, strictly increasing. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  /** An upper-case Slack-style id with a prefix (F… files, Ev… events). */
  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}0FAKE${this.seq.toString(36).toUpperCase().padStart(5, '0')}`;
  }

  user(id: string, patch: Partial<SlackUser> = {}): SlackUser {
    let u = this.users.get(id);
    if (!u) {
      u = {
        id,
        team_id: this.id.teamId,
        name: `user${id.slice(-4).toLowerCase()}`,
        real_name: `User ${id.slice(-4)}`,
        is_admin: false,
        is_owner: false,
        is_bot: false,
      };
      this.users.set(id, u);
    }
    Object.assign(u, patch);
    return u;
  }

  channel(id: string): StoredMessage[] {
    let list = this.messagesByChannel.get(id);
    if (!list) {
      list = [];
      this.messagesByChannel.set(id, list);
    }
    return list;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byTs.get(`${channel} ${ts}`);
  }

  /** The thread's parent and every message in it, in the order they were stored (deleted ones included). */
  thread(channel: string, threadTs: string): StoredMessage[] {
    const inThread = this.byThread.get(`${channel} ${threadTs}`) ?? [];
    const parent = this.find(channel, threadTs);
    if (!parent || inThread.includes(parent)) return [...inThread];
    const list = [...inThread, parent];
    return list.sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }

  store(m: StoredMessage): StoredMessage {
    this.channel(m.channel).push(m);
    // indexed, so a long-running fake (benchmarks store thousands of messages) answers in constant time
    this.order.set(m, this.order.size);
    const key = `${m.channel} ${m.ts}`;
    if (!this.byTs.has(key)) this.byTs.set(key, m);
    if (m.thread_ts) {
      const threadKey = `${m.channel} ${m.thread_ts}`;
      const list = this.byThread.get(threadKey);
      if (list) list.push(m);
      else this.byThread.set(threadKey, [m]);
    }
    return m;
  }

  /** A reply's thread is its parent's: posting under a reply lands in the parent's thread. */
  threadRoot(channel: string, threadTs: string | undefined): string | undefined {
    if (!threadTs) return undefined;
    const parent = this.find(channel, threadTs);
    return parent?.thread_ts ?? threadTs;
  }

  streamLive(m: StoredMessage, now = Date.now()): boolean {
    return m.stream?.state === 'streaming' && now - m.stream.startedAt <= this.limits.streamLifetimeMs;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  notify(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
