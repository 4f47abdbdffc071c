/** What each back end's stream translator implements: SSE events in, StreamEvents out. */
import { OpenRouterError, ResponseValidationError } from '../errors.js';
import type { ResultMeta, StreamEvent } from '../events.js';
import type { SseEvent } from '../sse.js';

export interface StreamNormaliser {
  /** Translate one SSE event; throws a typed error for an error object received mid-stream. */
  handle(event: SseEvent, meta: ResultMeta): StreamEvent[];
  /** True once the back end signalled the end (`[DONE]`, `message_stop`, `response.completed`). */
  readonly finished: boolean;
  /** Finish reason seen so far (a chat stream may end after it without `[DONE]`). */
  readonly finishReason: string | null | undefined;
}

/** The typed error for a stream payload that does not have the documented shape. */
export function badPayload(what: string, meta: ResultMeta, problem: string): ResponseValidationError {
  return new ResponseValidationError(what, problem, { generationId: meta.generationId });
}

/** Parse an SSE data payload as a JSON object, or throw a ResponseValidationError naming `what`. */
export function parseJson(data: string, what: string, meta: ResultMeta): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw badPayload(what, meta, `not JSON: ${data.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badPayload(what, meta, 'not a JSON object');
  return value as Record<string, unknown>;
}

/** Emits a meta event when id/model/provider first appear or change. */
export function updateMeta(meta: ResultMeta, next: Partial<ResultMeta>): StreamEvent[] {
  let changed = false;
  for (const key of ['generationId', 'model', 'provider'] as const) {
    const value = next[key];
    if (value && meta[key] !== value) {
      meta[key] = value;
      changed = true;
    }
  }
  return changed ? [{ type: 'meta', meta: { ...meta } }] : [];
}

export function endedEarlyError(meta: ResultMeta): OpenRouterError {
  return new OpenRouterError(
    'OPENROUTER.STREAM_ERROR',
    'The answer stream ended before it was complete. The text so far is kept; please try again.',
    {
      generationId: meta.generationId,
      requestId: meta.requestId,
      upstreamMessage: 'stream ended without a final event',
    },
  );
}
