/** The public surface of the fake Slack (see ../slack.ts). */

import type { MessageInput } from './builders.js';
import type { ClickInput, ShortcutInput, SlashInput } from './builders-interactive.js';
import type { FakeSocketMode } from './socket.js';
import type {
  FileRequest,
  Inbound,
  RecordedCall,
  ResponseUrlPost,
  SendOptions,
  SendResult,
  SlackUser,
  StatusRecord,
  StoredFile,
  UserAction,
} from './types.js';
import type { MessageView } from './view.js';

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  /** `text` longer than this → msg_too_long (default 4,000: what Slack does in practice). */
  textLimit?: number;
  /** Native streams stop accepting text after this (default 5 minutes). */
  streamLifetimeMs?: number;
  /** Default for `waitFor` (5,000 ms). */
  defaultTimeoutMs?: number;
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/` — Bolt's `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  readonly origin: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** Default channel and user of the builders. */
  readonly channelId: string;
  readonly userId: string;
  readonly socket: FakeSocketMode;
  /** Every Web API call (of one method when given), in order. */
  calls(method?: string): RecordedCall[];
  fileRequests(): FileRequest[];
  statuses(): StatusRecord[];
  responses(): ResponseUrlPost[];
  messages(channel: string, threadTs?: string): MessageView[];
  find(channel: string, ts: string): MessageView | undefined;
  setUser(id: string, patch: Partial<SlackUser>): SlackUser;
  addFile(f: {
    name: string;
    mimetype: string;
    data: Uint8Array;
    subtype?: string;
    duration_ms?: number;
  }): StoredFile;
  /** A voice clip as Slack records it: slack_audio, audio/mp4, audio_message.mp4. */
  voiceClip(data: Uint8Array, opts?: { durationMs?: number; mimetype?: string }): StoredFile;
  /** The next `count` calls of `method` answer HTTP 429 with `Retry-After`. */
  rateLimit(method: string, opts?: { count?: number; retryAfterSec?: number }): void;
  /** The next `count` calls of `method` answer `{ok:false, error}`. */
  failNext(method: string, error: string, count?: number): void;
  mention(m: MessageInput): UserAction;
  message(m: MessageInput & { channelType?: string }): UserAction;
  dm(m: Omit<MessageInput, 'channel'>): UserAction;
  slash(s: SlashInput): UserAction;
  clickButton(c: ClickInput): UserAction;
  /** A message shortcut (e.g. Transcribe) used on a stored message. */
  shortcut(c: ShortcutInput): UserAction;
  botEcho(channel: string, ts: string): UserAction;
  /** Delivers every part of `what` in order over HTTP (`opts.to`) or Socket Mode. */
  send(what: UserAction | Inbound, opts?: SendOptions): Promise<SendResult[]>;
  /** POSTs one Events API envelope around `event` to `targetUrl`, signed. */
  sendEvent(
    targetUrl: string,
    event: Record<string, unknown> & { type: string },
    opts?: SendOptions,
  ): Promise<SendResult>;
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** Resolves once a Socket Mode client is connected (hello sent). */
  waitForSocket(timeoutMs?: number): Promise<void>;
  /** Resolves once no Socket Mode connection is open. */
  waitForSocketsClosed(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
