/** Responses API SSE (`data: {type: "response.…"}`) → StreamEvents. */
import { createStreamError } from '../errors.js';
import type { ResultMeta, StreamEvent } from '../events.js';
import { imageDataUrl } from '../images.js';
import { responsesStreamEventSchema } from '../schemas/responses.js';
import { formatIssues } from '../schemas/validate.js';
import type { SseEvent } from '../sse.js';
import { fromResponsesUsage } from '../usage.js';
import { badPayload, parseJson, type StreamNormaliser, updateMeta } from './normaliser.js';

const REASONING_DELTAS = new Set(['response.reasoning_text.delta', 'response.reasoning_summary_text.delta']);

const WHAT = 'a responses stream event';
export function createResponsesNormaliser(): StreamNormaliser {
  const state = { finished: false, finishReason: undefined as string | null | undefined };
  return {
    get finished() {
      return state.finished;
    },
    get finishReason() {
      return state.finishReason;
    },
    handle(sse: SseEvent, meta: ResultMeta): StreamEvent[] {
      if (sse.data === '[DONE]') {
        if (state.finished) return [];
        state.finished = true;
        return [{ type: 'done', finishReason: state.finishReason ?? null }];
      }
      const parsed = responsesStreamEventSchema.safeParse(parseJson(sse.data, WHAT, meta));
      if (!parsed.success) throw badPayload(WHAT, meta, formatIssues(parsed.error));
      const event = parsed.data;
      const type = event.type;
      if (type === 'error' || type === 'response.error')
        throw createStreamError({ error: event.error ?? event }, meta);
      if (type === 'response.failed')
        throw createStreamError({ error: event.response?.error ?? { message: 'response failed' } }, meta);
      if (type === 'response.created' || type === 'response.in_progress')
        return updateMeta(meta, { model: event.response?.model });
      if (type === 'response.output_text.delta' && event.delta) return [{ type: 'text', text: event.delta }];
      if (REASONING_DELTAS.has(type) && event.delta) return [{ type: 'reasoning', text: event.delta }];
      if (type === 'response.output_item.added' && event.item?.type === 'function_call') {
        const call: StreamEvent = { type: 'tool_call', index: event.output_index ?? 0 };
        if (event.item.call_id) call.id = event.item.call_id;
        if (event.item.name) call.name = event.item.name;
        return [call];
      }
      if (type === 'response.output_item.done' && event.item?.type === 'image_generation_call')
        return event.item.result ? [{ type: 'image', url: imageDataUrl(event.item.result) }] : [];
      if (type === 'response.function_call_arguments.delta' && event.delta)
        return [{ type: 'tool_call', index: event.output_index ?? 0, argumentsDelta: event.delta }];
      if (type === 'response.completed' || type === 'response.incomplete') {
        state.finished = true;
        state.finishReason = type === 'response.incomplete' ? 'length' : 'stop';
        const out = updateMeta(meta, { model: event.response?.model });
        const usage = fromResponsesUsage(event.response?.usage);
        if (usage) {
          meta.usage = usage;
          out.push({ type: 'usage', usage });
        }
        out.push({ type: 'done', finishReason: state.finishReason });
        return out;
      }
      return [];
    },
  };
}
