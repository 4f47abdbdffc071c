/**
 * Structural check for the common chat request: a model (and fallbacks), text messages, the user and the
 * stream flag, nothing else. It only ever accepts what chatRequestSchema accepts and gives back (the schema has
 * no defaults or transforms), so anything else — images, tools, sampling options, provider rules — goes through
 * zod, which then gives the precise validation message. Saves a zod parse of the whole history per answer.
 */
import type { ChatRequest } from './schemas/chat.js';
import { isObject } from './streams/chat-fast-path.js';

const ROLES = new Set(['system', 'developer', 'user', 'assistant']);
const MESSAGE_KEYS = new Set(['role', 'content', 'name']);

const nonEmpty = (value: unknown) => typeof value === 'string' && value.length > 0;
const optString = (value: unknown) => value === undefined || typeof value === 'string';

/** `{ role, content: string, name? }` with one of the four plain roles. */
function isTextMessage(message: unknown): boolean {
  if (!isObject(message)) return false;
  for (const key in message) if (!MESSAGE_KEYS.has(key)) return false;
  return ROLES.has(message.role as string) && typeof message.content === 'string' && optString(message.name);
}

/** The fields the fast path knows, each with the check chatRequestSchema makes. */
const FIELDS: Record<string, (value: unknown) => boolean> = {
  messages: (v) => Array.isArray(v) && v.length > 0 && v.every(isTextMessage),
  model: (v) => v === undefined || nonEmpty(v),
  models: (v) => v === undefined || (Array.isArray(v) && v.every(nonEmpty)),
  stream: (v) => v === undefined || typeof v === 'boolean',
  user: optString,
  session_id: (v) => v === undefined || (typeof v === 'string' && v.length <= 256),
};

export function isPlainChatRequest(body: unknown): body is ChatRequest {
  if (!isObject(body) || body.messages === undefined) return false;
  for (const key in body) {
    const check = FIELDS[key];
    if (!check?.(body[key])) return false;
  }
  return true;
}
