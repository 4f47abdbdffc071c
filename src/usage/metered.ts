/**
 * Wrappers that report once when a streamed result is over: an EventStream after its iterator
 * finished (normally, on early break, on abort or on a mid-stream error) and a binary body after
 * it was read to the end or cancelled. Events and bytes pass through untouched.
 */
import type { BinaryResult, EventStream, ResultMeta, StreamEvent } from '../openrouter/events.js';

type OnEnd = (meta: ResultMeta) => Promise<void>;

function once(onEnd: OnEnd, meta: () => ResultMeta) {
  let ended: Promise<void> | undefined;
  return () => {
    ended ??= onEnd(meta()).catch(() => undefined);
    return ended;
  };
}

export function meteredStream(inner: EventStream, onEnd: OnEnd): EventStream {
  const end = once(onEnd, () => inner.meta);
  async function* events(): AsyncGenerator<StreamEvent> {
    try {
      yield* inner;
    } finally {
      await end();
    }
  }
  const iterator = events();
  return {
    get meta() {
      return inner.meta;
    },
    abort(reason) {
      inner.abort(reason);
      void end();
    },
    [Symbol.asyncIterator]: () => iterator,
  };
}

export function meteredBinary(inner: BinaryResult, onEnd: OnEnd): BinaryResult {
  const end = once(onEnd, () => inner.meta);
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      yield* inner.body;
    } finally {
      void end();
    }
  }
  return {
    ...inner,
    body: body(),
    cancel() {
      inner.cancel();
      void end();
    },
  };
}
