/**
 * Structural check for the common chat chunk (text or reasoning deltas, no tool calls; the usage of the last
 * chunk when it has the usual fields).
 * It only ever accepts what chatChunkSchema accepts, so anything unusual falls through to zod,
 * which then gives the precise validation message. Saves a zod parse per streamed token.
 */
import type { ChatChunk } from '../schemas/chat.js';

function optString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optNumber = (value: unknown) => value === undefined || value === null || typeof value === 'number';

/** `{ …: number | null }` with only the named fields looked at (the schema keeps any others as they are). */
function nullishNumbersIn(value: unknown, field: string): boolean {
  return value === undefined || value === null || (isObject(value) && optNumber(value[field]));
}

/** The usage of a finished stream as chatUsageSchema has it (token counts, cost and their details). */
function isPlainUsage(usage: unknown): boolean {
  if (!isObject(usage)) return false;
  if (typeof usage.prompt_tokens !== 'number' || typeof usage.total_tokens !== 'number') return false;
  if (usage.completion_tokens !== undefined && typeof usage.completion_tokens !== 'number') return false;
  if (!optNumber(usage.cost)) return false;
  if (usage.is_byok !== undefined && typeof usage.is_byok !== 'boolean') return false;
  return (
    nullishNumbersIn(usage.prompt_tokens_details, 'cached_tokens') &&
    nullishNumbersIn(usage.completion_tokens_details, 'reasoning_tokens') &&
    nullishNumbersIn(usage.cost_details, 'upstream_inference_cost')
  );
}

export function isPlainChatChunk(raw: Record<string, unknown>): raw is ChatChunk {
  if (raw.id !== undefined && typeof raw.id !== 'string') return false;
  if (raw.model !== undefined && typeof raw.model !== 'string') return false;
  if (raw.provider !== undefined && typeof raw.provider !== 'string') return false;
  if (raw.usage !== undefined && raw.usage !== null && !isPlainUsage(raw.usage)) return false;
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
