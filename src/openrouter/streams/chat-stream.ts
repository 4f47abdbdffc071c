/** Chat completions SSE (`data: {chunk}` … `data: [DONE]`) → StreamEvents. */
import { createStreamError } from '../errors.js';
import type { ResultMeta, StreamEvent } from '../events.js';
import { type ChatChunk, chatChunkSchema } from '../schemas/chat.js';
import { formatIssues } from '../schemas/validate.js';
import type { SseEvent } from '../sse.js';
import { fromChatUsage } from '../usage.js';
import { isPlainChatChunk } from './chat-fast-path.js';
import { badPayload, parseJson, type StreamNormaliser, updateMeta } from './normaliser.js';

const WHAT = 'a chat stream chunk';
export function createChatNormaliser(): StreamNormaliser {
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
        state.finished = true;
        return [{ type: 'done', finishReason: state.finishReason ?? null }];
      }
      const raw = parseJson(sse.data, WHAT, meta);
      if (raw.error !== undefined) throw createStreamError(raw, meta);
      let chunk: ChatChunk;
      if (isPlainChatChunk(raw)) chunk = raw;
      else {
        const parsed = chatChunkSchema.safeParse(raw);
        if (!parsed.success) throw badPayload(WHAT, meta, formatIssues(parsed.error));
        chunk = parsed.data;
      }
      const generationId = meta.generationId ?? chunk.id;
      const out: StreamEvent[] =
        generationId !== meta.generationId || chunk.model !== meta.model || chunk.provider !== meta.provider
          ? updateMeta(meta, { generationId, model: chunk.model, provider: chunk.provider })
          : [];
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta;
        if (delta?.reasoning) out.push({ type: 'reasoning', text: delta.reasoning });
        if (delta?.content) out.push({ type: 'text', text: delta.content });
        for (const image of delta?.images ?? []) out.push({ type: 'image', url: image.image_url.url });
        for (const call of delta?.tool_calls ?? []) {
          const event: StreamEvent = { type: 'tool_call', index: call.index };
          if (call.id) event.id = call.id;
          if (call.function?.name) event.name = call.function.name;
          if (call.function?.arguments) event.argumentsDelta = call.function.arguments;
          out.push(event);
        }
        if (choice.finish_reason) state.finishReason = choice.finish_reason;
      }
      const usage = chunk.usage ? fromChatUsage(chunk.usage) : undefined;
      if (usage) {
        meta.usage = usage;
        out.push({ type: 'usage', usage });
      }
      return out;
    },
  };
}
