/**
 * How many promises one streamed delta costs on its way through the metered stream, `textOf` and
 * the first-text timer (`measureAnswer`), counted with an async_hooks promise hook.
 */
import { createHook } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { textOf } from '../../../src/chat/answer-source.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { measureAnswer } from '../../../src/streaming/answer-metrics.js';
import { meteredStream } from '../../../src/usage/metered.js';
import { fakeStream, texts } from './fake-stream.js';

const ITEMS = 100;
/** What the async-generator version of the three layers created for ITEMS items (measured, see below). */
const GENERATOR_PROMISES = 1222;

/** Promises created while 100 text events go through metered → textOf → timed, and the text read. */
async function promisesThroughChain(): Promise<{ promises: number; text: string; ended: number }> {
  let ended = 0;
  const stream = meteredStream(fakeStream(texts(ITEMS)), async () => {
    ended++;
  });
  const metrics = createMetrics({ processMetrics: false });
  let n = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') n++;
    },
  });
  let text = '';
  hook.enable();
  try {
    await measureAnswer(metrics, textOf(stream, { reasoning: '', meta: {} }), undefined, async (source) => {
      const it = source[Symbol.asyncIterator]();
      for (let r = await it.next(); !r.done; r = await it.next()) text += r.value;
      return { completed: true, stopped: false };
    });
  } finally {
    hook.disable();
  }
  return { promises: n, text, ended };
}

describe('promises per streamed delta', () => {
  it('the metered → textOf → timed chain creates at most half the promises of the generator version', async () => {
    const { promises, text, ended } = await promisesThroughChain();
    expect(text).toBe(
      texts(ITEMS)
        .map((e) => (e.type === 'text' ? e.text : ''))
        .join(''),
    );
    expect(ended).toBe(1);
    // measured with this test: the async-generator layers created 1,222 promises for the 100 items
    // (about 12 per delta, the fake source's own included); the hand-written iterators 520 (about 5:
    // one each for the source, the three layers and the reader's await)
    expect(promises).toBeGreaterThan(ITEMS);
    expect(promises).toBeLessThanOrEqual(GENERATOR_PROMISES / 2);
  });
});
