/**
 * Structural check for the common chat chunk (text or reasoning deltas, no tool calls, no usage).
 * It only ever accepts what chatChunkSchema accepts, so anything unusual falls through to zod,
 * which then gives the precise validation message. Saves a zod parse per streamed token.
 */
import type { ChatChunk } from '../schemas/chat.js';

function optString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPlainChatChunk(raw: Record<string, unknown>): raw is ChatChunk {
  if (raw.id !== undefined && typeof raw.id !== 'string') return false;
  if (raw.model !== undefined && typeof raw.model !== 'string') return false;
  if (raw.provider !== undefined && typeof raw.provider !== 'string') return false;
  if (raw.usage !== undefined && raw.usage !== null) return false;
  const choices = raw.choices;
  if (choices === undefined) return true;
  if (!Array.isArray(choices)) return false;
  for (const choice of choices) {
    if (!isObject(choice)) return false;
    if (choice.index !== undefined && typeof choice.index !== 'number') return false;
    if (!optString(choice.finish_reason)) return false;
    const delta = choice.delta;
    if (delta === undefined) continue;
    if (!isObject(delta)) return false;
    if (!optString(delta.content) || !optString(delta.reasoning)) return false;
    if (delta.tool_calls !== undefined || delta.images !== undefined) return false;
  }
  return true;
}
