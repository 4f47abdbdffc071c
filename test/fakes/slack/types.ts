/** Shapes of what the fake Slack stores, records and sends. */

export type Block = Record<string, unknown> & { type: string };

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  data: Uint8Array;
  subtype?: string;
  duration_ms?: number;
  url_private: string;
  url_private_download: string;
  /** Set once files.completeUploadExternal shared it (uploads only). */
  completed: boolean;
  uploadedBy?: string;
}

export type StreamState = 'streaming' | 'stopped';

export interface StreamInfo {
  state: StreamState;
  startedAt: number;
  /** Every markdown_text piece, in order (start, appends, stop). */
  chunks: string[];
  /** Non-text chunks (task_update, plan_update …) as sent. */
  otherChunks: unknown[];
  recipientUserId?: string;
  recipientTeamId?: string;
  appends: number;
  /** `blocks` given to chat.stopStream, shown under the text. */
  stopBlocks?: Block[];
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  /** Author: the bot user id for bot posts. */
  user: string;
  bot_id?: string;
  text: string;
  blocks?: Block[];
  files?: StoredFile[];
  ephemeralTo?: string;
  deleted?: boolean;
  /** How it got there. */
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'chat.startStream' | 'files' | 'user' | 'response_url';
  postedAt: number;
  /** chat.update times. */
  updateTimes: number[];
  stream?: StreamInfo;
}

export interface RecordedCall {
  method: string;
  /** Parameters as Slack reads them (JSON-encoded form fields decoded). */
  params: Record<string, unknown>;
  /** The Authorization header as received (undefined when absent). */
  authorization: string | undefined;
  contentType: string;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
}

export interface FileRequest {
  path: string;
  authorization: string | undefined;
  status: number;
  /** true when the bytes were served, false for the HTML login page. */
  served: boolean;
  at: number;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_bot: boolean;
  deleted?: boolean;
}

export interface StatusRecord {
  channel_id: string;
  thread_ts: string;
  status: string;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

/** Something Slack sends to the app: an Events API envelope, a slash command or an interaction. */
export type Inbound =
  | { type: 'events_api'; body: EventEnvelope }
  | { type: 'slash_commands'; body: Record<string, string> }
  | { type: 'interactive'; body: Record<string, unknown> };

export interface EventEnvelope {
  token: string;
  team_id: string;
  api_app_id: string;
  event: Record<string, unknown> & { type: string };
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: unknown[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

/** What a user did, as the deliveries Slack makes for it (a channel mention makes two). */
export interface UserAction {
  channel: string;
  ts?: string;
  threadTs?: string;
  inbound: Inbound[];
}

export interface SendOptions {
  /** HTTP mode: the app's request URL (`http://127.0.0.1:PORT/slack/events`). Socket Mode when omitted. */
  to?: string;
  /** Sign with the wrong secret. */
  badSignature?: boolean;
  /** Leave the signature headers out. */
  unsigned?: boolean;
  /** Timestamp 6 minutes in the past (Bolt rejects older than 5). */
  stale?: boolean;
  /** A redelivery: `X-Slack-Retry-Num` / `retry_attempt` (same event_id). */
  retry?: { num: number; reason?: string };
  /** Socket Mode: how long to wait for the ack (default 3,000 ms as Slack). */
  ackTimeoutMs?: number;
}

export interface SendResult {
  /** HTTP status of the app's answer (Socket Mode: 200 when acked, 0 when not). */
  status: number;
  /** Time to ack, ms. */
  ackMs: number;
  /** Response body (HTTP) or ack payload (Socket Mode, JSON). */
  body: string;
  envelopeId?: string;
  eventId?: string;
}
