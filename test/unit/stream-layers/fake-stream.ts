/** Scripted sources for the stream-layer tests: they count pulls and return() calls and can fail mid-stream. */
import type { EventStream, ResultMeta, StreamEvent } from '../../../src/openrouter/events.js';

export interface Scripted<T> extends AsyncIterable<T> {
  /** How many times the iterator's return() was called. */
  readonly returns: number;
  /** How many items were handed out. */
  readonly pulled: number;
  /** How many times next() was called. */
  readonly nexts: number;
}

/** `items` in order, then `failure` (when given) or the end. One resolved promise per item. */
export function scripted<T>(items: T[], failure?: Error): Scripted<T> & { stop(): void } {
  let i = 0;
  let returns = 0;
  let nexts = 0;
  let closed = false;
  const iterator: AsyncIterator<T> = {
    next() {
      nexts++;
      if (closed) return Promise.resolve({ value: undefined, done: true });
      if (i < items.length) return Promise.resolve({ value: items[i++] as T, done: false });
      closed = true;
      return failure ? Promise.reject(failure) : Promise.resolve({ value: undefined, done: true });
    },
    return() {
      returns++;
      closed = true;
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    stop() {
      closed = true;
    },
    get returns() {
      return returns;
    },
    get pulled() {
      return i;
    },
    get nexts() {
      return nexts;
    },
  };
}

export interface FakeStream extends EventStream, Scripted<StreamEvent> {
  readonly aborts: unknown[];
}

export function fakeStream(events: StreamEvent[], failure?: Error, meta: ResultMeta = {}): FakeStream {
  const source = scripted(events, failure);
  const aborts: unknown[] = [];
  return {
    meta,
    abort(reason) {
      aborts.push(reason);
      source.stop();
    },
    [Symbol.asyncIterator]: () => source[Symbol.asyncIterator](),
    get returns() {
      return source.returns;
    },
    get pulled() {
      return source.pulled;
    },
    get nexts() {
      return source.nexts;
    },
    aborts,
  };
}

export const texts = (n: number): StreamEvent[] =>
  Array.from({ length: n }, (_, k) => ({ type: 'text', text: `t${k} ` }) as StreamEvent);

/** Everything the iterable yields, or the error that ended it. */
export async function drain<T>(source: AsyncIterable<T>): Promise<{ items: T[]; error?: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of source) items.push(item);
    return { items };
  } catch (error) {
    return { items, error };
  }
}

/** An onEnd that logs when it starts and when it settles, a macrotask later. */
export function loggedEnd(log: string[]) {
  const calls: ResultMeta[] = [];
  const onEnd = async (meta: ResultMeta) => {
    calls.push(meta);
    log.push('end started');
    await new Promise<void>((resolve) => setImmediate(resolve));
    log.push('end settled');
  };
  return { onEnd, calls };
}
