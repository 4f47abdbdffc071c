/**
 * Adapts an OpenRouter EventStream to the text deltas the streaming driver shows, keeping the rest
 * aside. A hand-written iterator rather than an async generator: a text event costs one `.then`
 * on the stream's own promise.
 */
import { attempt } from '../common/pass-through.js';
import type { EventStream, ResultMeta, StreamEvent } from '../openrouter/events.js';

export interface AnswerSide {
  reasoning: string;
  meta: ResultMeta;
  finishReason?: string | null;
  /** Generated images (data URLs), posted under the answer when it is done. */
  images?: string[];
}

const DONE = Object.freeze({ value: undefined, done: true } as const);

export function textOf(stream: EventStream, side: AnswerSide): AsyncIterable<string> {
  return { [Symbol.asyncIterator]: () => textIterator(stream, side) };
}

function textIterator(stream: EventStream, side: AnswerSide): AsyncIterator<string> {
  let events: AsyncIterator<StreamEvent> | undefined;
  let over = false;
  let said = false;

  const open = () => {
    if (events) return events;
    side.meta = stream.meta;
    events = stream[Symbol.asyncIterator]();
    return events;
  };
  /** The end of the events: an image model may answer with pictures only, said where the text would be. */
  const ended = (): IteratorResult<string> => {
    over = true;
    const n = side.images?.length ?? 0;
    if (said || n === 0) return DONE;
    return { value: `_(${n === 1 ? 'the image is' : `${n} images are`} below)_`, done: false };
  };
  const step = (r: IteratorResult<StreamEvent>): IteratorResult<string> | Promise<IteratorResult<string>> => {
    if (r.done) return ended();
    const event = r.value;
    if (event.type === 'text') {
      said ||= event.text.trim().length > 0;
      return { value: event.text, done: false };
    }
    if (event.type === 'image') {
      side.images ??= [];
      side.images.push(event.url);
    } else if (event.type === 'reasoning') side.reasoning += event.text;
    else if (event.type === 'done') side.finishReason = event.finishReason;
    return pull();
  };
  const failed = (err: unknown): never => {
    over = true;
    throw err;
  };
  const pull = (): Promise<IteratorResult<string>> => attempt(() => open().next()).then(step, failed);

  return {
    next() {
      return over ? Promise.resolve(DONE) : pull();
    },
    // the consumer stopped: the stream is closed (a stream already over is left alone)
    return(value?: unknown) {
      if (over) return Promise.resolve({ value, done: true } as IteratorResult<string>);
      over = true;
      return attempt(async () => {
        await open().return?.();
        return { value, done: true } as IteratorResult<string>;
      });
    },
  };
}
