/** Anthropic Messages SSE (`event:` + `data:` pairs) → StreamEvents. */
import { createStreamError } from '../errors.js';
import type { ResultMeta, StreamEvent } from '../events.js';
import { messagesStreamEventSchema } from '../schemas/messages.js';
import { formatIssues } from '../schemas/validate.js';
import type { SseEvent } from '../sse.js';
import { fromAnthropicUsage, mergeUsage } from '../usage.js';
import { badPayload, parseJson, type StreamNormaliser, updateMeta } from './normaliser.js';

const WHAT = 'a messages stream event';
export function createMessagesNormaliser(): StreamNormaliser {
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
      const raw = parseJson(sse.data, WHAT, meta);
      const type = typeof raw.type === 'string' ? raw.type : sse.event;
      if (type === 'error' || sse.event === 'error') throw createStreamError(raw, meta);
      const parsed = messagesStreamEventSchema.safeParse(raw);
      if (!parsed.success) throw badPayload(WHAT, meta, formatIssues(parsed.error));
      const event = parsed.data;
      switch (type) {
        case 'message_start': {
          const out = updateMeta(meta, { model: event.message?.model });
          meta.usage = mergeUsage(meta.usage, fromAnthropicUsage(event.message?.usage));
          return out;
        }
        case 'content_block_start': {
          const block = event.content_block;
          if (block?.type !== 'tool_use') return [];
          const call: StreamEvent = { type: 'tool_call', index: event.index ?? 0 };
          if (block.id) call.id = block.id;
          if (block.name) call.name = block.name;
          return [call];
        }
        case 'content_block_delta': {
          const delta = event.delta;
          if (delta?.type === 'text_delta' && delta.text) return [{ type: 'text', text: delta.text }];
          if (delta?.type === 'thinking_delta' && delta.thinking)
            return [{ type: 'reasoning', text: delta.thinking }];
          if (delta?.type === 'input_json_delta' && delta.partial_json)
            return [{ type: 'tool_call', index: event.index ?? 0, argumentsDelta: delta.partial_json }];
          return [];
        }
        case 'message_delta': {
          if (event.delta?.stop_reason) state.finishReason = event.delta.stop_reason;
          meta.usage = mergeUsage(meta.usage, fromAnthropicUsage(event.usage));
          return [];
        }
        case 'message_stop': {
          state.finished = true;
          const out: StreamEvent[] = [];
          if (meta.usage) out.push({ type: 'usage', usage: meta.usage });
          out.push({ type: 'done', finishReason: state.finishReason ?? null });
          return out;
        }
        default:
          return [];
      }
    },
  };
}
