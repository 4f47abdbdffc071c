/** Adapts an OpenRouter EventStream to the text deltas the streaming driver shows, keeping the rest aside. */
import type { EventStream, ResultMeta } from '../openrouter/events.js';

export interface AnswerSide {
  reasoning: string;
  meta: ResultMeta;
  finishReason?: string | null;
}

export function textOf(stream: EventStream, side: AnswerSide): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      side.meta = stream.meta;
      for await (const event of stream) {
        if (event.type === 'text') yield event.text;
        else if (event.type === 'reasoning') side.reasoning += event.text;
        else if (event.type === 'done') side.finishReason = event.finishReason;
      }
    },
  };
}
