/**
 * Wrappers that report once when a streamed result is over: an EventStream after its iterator
 * finished (normally, on early break, on abort or on a mid-stream error) and a binary body after
 * it was read to the end or cancelled. Events and bytes pass through untouched. Hand-written
 * iterators (common/pass-through.ts) rather than generators: one promise per streamed item.
 */
import { passThrough } from '../common/pass-through.js';
import type { BinaryResult, EventStream, ResultMeta } from '../openrouter/events.js';

type OnEnd = (meta: ResultMeta) => Promise<void>;

function once(onEnd: OnEnd, meta: () => ResultMeta) {
  let ended: Promise<void> | undefined;
  return () => {
    ended ??= onEnd(meta()).catch(() => undefined);
    return ended;
  };
}

/** The stream's consumer hears of its end (last `next()`, `return()`, the error) after `onEnd` settled. */
export function meteredStream(inner: EventStream, onEnd: OnEnd): EventStream {
  const end = once(onEnd, () => inner.meta);
  const iterator = passThrough(() => inner[Symbol.asyncIterator](), { onEnd: end, awaitEnd: true });
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

/** `onEnd` starts when the body was read or closed; nobody waits for it. */
export function meteredBinary(inner: BinaryResult, onEnd: OnEnd): BinaryResult {
  const end = once(onEnd, () => inner.meta);
  return {
    ...inner,
    body: passThrough(() => inner.body[Symbol.asyncIterator](), { onEnd: () => void end() }),
    cancel() {
      inner.cancel();
      void end();
    },
  };
}
