/** Creating and editing stored messages, with Discord's validation and gateway echoes. */
import { apiMessage } from './builders.js';
import type { FakeGateway, GatewaySession } from './gateway.js';
import { errors, type UploadedFile } from './http.js';
import type { FakeState, StoredAttachment, StoredMessage, StoredUser } from './state.js';

export const MAX_CONTENT = 2000;
export const FLAG_EPHEMERAL = 64;
export const FLAG_LOADING = 128;
const INTENT_GUILD_MESSAGES = 1 << 9;
const INTENT_DIRECT_MESSAGES = 1 << 12;
const INTENT_MESSAGE_CONTENT = 1 << 15;

export interface MessageInput {
  channelId: string;
  body: Record<string, unknown>;
  files: Map<string, UploadedFile>;
  author: StoredUser;
  webhookId?: string;
  interactionId?: string;
  /** Skip the "empty message" check (deferred interaction placeholders). */
  allowEmpty?: boolean;
  at: number;
}

function validate(body: Record<string, unknown>): void {
  const content = body['content'];
  if (content !== undefined && content !== null && typeof content !== 'string') {
    throw errors.formBody('content', 'STRING_TYPE_CONVERT', 'Could not interpret the value as string.');
  }
  if (typeof content === 'string' && [...content].length > MAX_CONTENT) {
    throw errors.formBody('content', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
  }
  const embeds = body['embeds'];
  if (Array.isArray(embeds) && embeds.length > 10) {
    throw errors.formBody('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  }
}

/** Resolve the `attachments` array of a body against existing attachments and uploaded files. */
function resolveAttachments(
  state: FakeState,
  channelId: string,
  body: Record<string, unknown>,
  files: Map<string, UploadedFile>,
  existing: StoredAttachment[],
): StoredAttachment[] | undefined {
  const listed = Array.isArray(body['attachments'])
    ? (body['attachments'] as Array<{
        id?: string | number;
        filename?: string;
        description?: string;
        duration_secs?: number;
        waveform?: string;
      }>)
    : undefined;
  if (!listed && files.size === 0) return undefined;
  const out: StoredAttachment[] = [];
  const used = new Set<string>();
  const upload = (
    file: UploadedFile,
    meta?: { filename?: string; description?: string; duration_secs?: number; waveform?: string },
  ): StoredAttachment => {
    const id = state.nextId();
    const filename = meta?.filename ?? file.filename;
    const url = state.putCdn(channelId, id, filename, file.contentType, file.data);
    return {
      id,
      filename,
      size: file.data.byteLength,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(meta?.description ? { description: meta.description } : {}),
      ...(typeof meta?.duration_secs === 'number' ? { duration_secs: meta.duration_secs } : {}),
      ...(typeof meta?.waveform === 'string' ? { waveform: meta.waveform } : {}),
      data: file.data,
    };
  };
  for (const entry of listed ?? []) {
    const key = String(entry.id);
    const kept = existing.find((a) => a.id === key);
    if (kept) {
      out.push(kept);
      continue;
    }
    const file = files.get(`files[${key}]`);
    if (!file) throw errors.formBody('attachments', 'ATTACHMENT_NOT_FOUND', `Unknown attachment ${key}`);
    used.add(file.field);
    out.push(upload(file, entry));
  }
  if (!listed) out.push(...existing);
  for (const file of files.values()) if (!used.has(file.field)) out.push(upload(file));
  return out;
}

function hasPayload(m: StoredMessage, body: Record<string, unknown>): boolean {
  return (
    m.content.length > 0 ||
    m.embeds.length > 0 ||
    m.attachments.length > 0 ||
    m.components.length > 0 ||
    Array.isArray(body['sticker_ids']) ||
    body['poll'] !== undefined
  );
}

export function createMessage(state: FakeState, gateway: FakeGateway, input: MessageInput): StoredMessage {
  const { body } = input;
  validate(body);
  const channel = state.channels.get(input.channelId);
  if (!channel) throw errors.unknownChannel();
  const guildId = channel.guild_id;
  const m: StoredMessage = {
    id: state.nextId(),
    type: body['message_reference'] ? 19 : 0,
    channel_id: input.channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    content: typeof body['content'] === 'string' ? body['content'] : '',
    components: Array.isArray(body['components']) ? body['components'] : [],
    embeds: Array.isArray(body['embeds']) ? body['embeds'] : [],
    attachments: resolveAttachments(state, input.channelId, body, input.files, []) ?? [],
    flags: typeof body['flags'] === 'number' ? body['flags'] : 0,
    allowed_mentions: body['allowed_mentions'],
    author: input.author,
    mentions: [],
    timestamp: new Date(input.at).toISOString(),
    edited_timestamp: null,
    edits: 0,
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
    ...(input.interactionId ? { interactionId: input.interactionId } : {}),
    ...(body['message_reference'] ? { message_reference: body['message_reference'] } : {}),
  };
  if (!input.allowEmpty && !hasPayload(m, body)) throw errors.emptyMessage();
  checkVoiceMessage(m);
  state.storeMessage(m);
  if ((m.flags & FLAG_EPHEMERAL) === 0) dispatchMessage(state, gateway, 'MESSAGE_CREATE', m);
  return m;
}

export function editMessage(
  state: FakeState,
  gateway: FakeGateway,
  m: StoredMessage,
  body: Record<string, unknown>,
  files: Map<string, UploadedFile>,
  at: number,
): StoredMessage {
  validate(body);
  if ('content' in body) m.content = typeof body['content'] === 'string' ? body['content'] : '';
  if ('components' in body) m.components = Array.isArray(body['components']) ? body['components'] : [];
  if ('embeds' in body) m.embeds = Array.isArray(body['embeds']) ? body['embeds'] : [];
  if ('allowed_mentions' in body) m.allowed_mentions = body['allowed_mentions'];
  if (typeof body['flags'] === 'number') {
    // Only SUPPRESS_EMBEDS may change on edit; an edit also ends the "thinking" state.
    m.flags = (m.flags & ~4) | (body['flags'] & 4);
  }
  m.flags &= ~FLAG_LOADING;
  const attachments = resolveAttachments(state, m.channel_id, body, files, m.attachments);
  if (attachments) m.attachments = attachments;
  m.edits += 1;
  m.edited_timestamp = new Date(at).toISOString();
  state.recordEdit(m.channel_id, at);
  if ((m.flags & FLAG_EPHEMERAL) === 0) dispatchMessage(state, gateway, 'MESSAGE_UPDATE', m);
  return m;
}

/** Dispatch a message event with Discord's intent and MessageContent rules. */
/** Removes the message and tells connected clients (MESSAGE_DELETE). */
export function deleteMessage(state: FakeState, gateway: FakeGateway, m: StoredMessage): void {
  const list = state.messages(m.channel_id);
  list.splice(list.indexOf(m), 1);
  gateway.dispatch('MESSAGE_DELETE', {
    id: m.id,
    channel_id: m.channel_id,
    ...(m.guild_id ? { guild_id: m.guild_id } : {}),
  });
}

export function dispatchMessage(
  state: FakeState,
  gateway: FakeGateway,
  t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  m: StoredMessage,
  member?: unknown,
): number {
  // the gateway adds channel_type to MESSAGE_CREATE; discord.js needs it to build a DM channel it has not cached
  const channelType = state.channels.get(m.channel_id)?.type;
  const full = {
    ...apiMessage(m),
    ...(channelType !== undefined ? { channel_type: channelType } : {}),
    ...(member ? { member } : {}),
  };
  const intent = m.guild_id ? INTENT_GUILD_MESSAGES : INTENT_DIRECT_MESSAGES;
  const privileged =
    !m.guild_id || m.author.id === state.botUser.id || m.mentions.some((u) => u.id === state.botUser.id);
  return gateway.dispatch(t, full, intent, (s: GatewaySession) =>
    privileged || ((s.intents ?? 0) & INTENT_MESSAGE_CONTENT) !== 0
      ? full
      : { ...full, content: '', embeds: [], attachments: [], components: [] },
  );
}

const FLAG_VOICE = 1 << 13;

/** Discord's rules for a voice message: one audio file with duration and waveform, and no text. */
function checkVoiceMessage(m: StoredMessage): void {
  if ((m.flags & FLAG_VOICE) === 0) return;
  const [a, ...more] = m.attachments;
  if (m.content || more.length > 0 || !a || a.duration_secs === undefined || a.waveform === undefined)
    throw errors.formBody(
      'flags',
      'MESSAGE_CANNOT_BE_VOICE',
      'A voice message needs exactly one audio attachment with duration_secs and waveform, and no content',
    );
}
