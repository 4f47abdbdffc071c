/** Stored shapes of the fake Discord (what tests inspect). */

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
  duration_secs?: number;
  waveform?: string;
  description?: string;
  /** The bytes as uploaded (not part of the API object). */
  data: Uint8Array;
}

export interface StoredUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  components: unknown[];
  embeds: unknown[];
  attachments: StoredAttachment[];
  flags: number;
  allowed_mentions: unknown;
  author: StoredUser;
  mentions: StoredUser[];
  timestamp: string;
  edited_timestamp: string | null;
  /** Number of times the message was edited. */
  edits: number;
  webhook_id?: string;
  interactionId?: string;
  message_reference?: unknown;
  type: number;
}

export interface StoredChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string | null;
  position?: number;
  owner_id?: string;
  recipients?: StoredUser[];
  last_message_id: string | null;
  thread_metadata?: Record<string, unknown>;
  member_count?: number;
  message_count?: number;
  flags: number;
  [key: string]: unknown;
}

export interface InteractionCallback {
  type: number;
  data?: unknown;
  at: number;
}

export interface StoredInteraction {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId: string | null;
  sentAt: number;
  expired: boolean;
  callback?: InteractionCallback;
  /** Message the @original routes refer to (created by the callback, or the component's message). */
  originalMessageId?: string;
  /** For component interactions: the message the component is on. */
  componentMessageId?: string;
}

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, percent-decoded (e.g. `/webhooks/1/tok/messages/@original`). */
  path: string;
  query: string;
  body: unknown;
  at: number;
  /** The answer's HTTP status and Discord error code (0 = none), once answered. */
  status?: number;
  code?: number;
}

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  type: number;
  version: string;
  [key: string]: unknown;
}

export interface CommandOption {
  name: string;
  type: number;
  value?: unknown;
  options?: unknown[];
  focused?: boolean;
}

export interface CommandParams {
  name: string;
  options?: CommandOption[];
  userId?: string;
  userName?: string;
  channelId?: string;
  /** `null` = a DM with the bot. */
  guildId?: string | null;
  attachments?: Record<string, object>;
  /** Extra `resolved` entries (users, members, roles, channels …). */
  resolved?: Record<string, unknown>;
  permissions?: string;
  /** Role ids of the invoking member (create them with `createRole`). */
  roles?: string[];
}

export interface ButtonParams {
  customId: string;
  messageId: string;
  channelId?: string;
  userId?: string;
  userName?: string;
  guildId?: string | null;
  componentType?: number;
  values?: string[];
  permissions?: string;
  roles?: string[];
}

export interface UserMessageParams {
  channelId?: string;
  content: string;
  userId?: string;
  userName?: string;
  mentionsBot?: boolean;
  attachments?: object[];
  flags?: number;
  guildId?: string | null;
  roles?: string[];
}
