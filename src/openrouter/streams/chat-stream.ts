/** Chat completions SSE (`data: {chunk}` … `data: [DONE]`) → StreamEvents. */
import { createStreamError, ResponseValidationError } from '../errors.js';
import type { ResultMeta, StreamEvent } from '../events.js';
import { chatChunkSchema } from '../schemas/chat.js';
import { formatIssues } from '../schemas/validate.js';
import type { SseEvent } from '../sse.js';
import { fromChatUsage } from '../usage.js';
import { parseJson, type StreamNormaliser, updateMeta } from './normaliser.js';

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
      const bad = (problem: string) =>
        new ResponseValidationError('a chat stream chunk', problem, { generationId: meta.generationId });
      const raw = parseJson(sse.data, bad);
      if (raw.error !== undefined) throw createStreamError(raw, meta);
      const parsed = chatChunkSchema.safeParse(raw);
      if (!parsed.success) throw bad(formatIssues(parsed.error));
      const chunk = parsed.data;
      const out = updateMeta(meta, {
        generationId: meta.generationId ?? chunk.id,
        model: chunk.model,
        provider: chunk.provider,
      });
      for (const choice of chunk.choices ?? []) {
        const delta = choice.delta;
        if (delta?.reasoning) out.push({ type: 'reasoning', text: delta.reasoning });
        if (delta?.content) out.push({ type: 'text', text: delta.content });
        for (const call of delta?.tool_calls ?? []) {
          const event: StreamEvent = { type: 'tool_call', index: call.index };
          if (call.id) event.id = call.id;
          if (call.function?.name) event.name = call.function.name;
          if (call.function?.arguments) event.argumentsDelta = call.function.arguments;
          out.push(event);
        }
        if (choice.finish_reason) state.finishReason = choice.finish_reason;
      }
      const usage = fromChatUsage(chunk.usage);
      if (usage) {
        meta.usage = usage;
        out.push({ type: 'usage', usage });
      }
      return out;
    },
  };
}
