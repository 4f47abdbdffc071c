/** Adapts an OpenRouter EventStream to the text deltas the streaming driver shows, keeping the rest aside. */
import type { EventStream, ResultMeta } from '../openrouter/events.js';

export interface AnswerSide {
  reasoning: string;
  meta: ResultMeta;
  finishReason?: string | null;
  /** Generated images (data URLs), posted under the answer when it is done. */
  images?: string[];
}

export function textOf(stream: EventStream, side: AnswerSide): AsyncIterable<string> {
  return {
    async *[Symbol.asyncIterator]() {
      side.meta = stream.meta;
      let said = false;
      for await (const event of stream) {
        if (event.type === 'text') {
          said ||= event.text.trim().length > 0;
          yield event.text;
        } else if (event.type === 'image') {
          side.images ??= [];
          side.images.push(event.url);
        } else if (event.type === 'reasoning') side.reasoning += event.text;
        else if (event.type === 'done') side.finishReason = event.finishReason;
      }
      // an image model may answer with pictures only: say so where the text would be
      const n = side.images?.length ?? 0;
      if (!said && n > 0) yield `_(${n === 1 ? 'the image is' : `${n} images are`} below)_`;
    },
  };
}
