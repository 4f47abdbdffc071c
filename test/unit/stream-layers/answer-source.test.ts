/**
 * textOf as a hand-written iterator: text deltas in order, everything else kept aside (meta,
 * reasoning, images, finish reason), the "image is below" line for picture-only answers, and the
 * stream closed when the consumer stops.
 */
import { describe, expect, it } from 'vitest';
import { type AnswerSide, textOf } from '../../../src/chat/answer-source.js';
import type { StreamEvent } from '../../../src/openrouter/events.js';
import { meteredStream } from '../../../src/usage/metered.js';
import { drain, fakeStream, loggedEnd, texts } from './fake-stream.js';

const side = (): AnswerSide => ({ reasoning: '', meta: {} });

describe('textOf', () => {
  it('yields the text deltas in order and keeps meta, reasoning, images and the finish reason aside', async () => {
    const meta = { generationId: 'gen-1' };
    const events: StreamEvent[] = [
      { type: 'meta', meta: { model: 'm/x' } },
      { type: 'reasoning', text: 'think ' },
      { type: 'text', text: 'Hello' },
      { type: 'reasoning', text: 'more' },
      { type: 'usage', usage: { cost: 0.1 } },
      { type: 'text', text: ', world' },
      { type: 'image', url: 'data:image/png;base64,AA' },
      { type: 'text', text: '!' },
      { type: 'done', finishReason: 'stop' },
    ];
    const s = side();
    const out = await drain(textOf(fakeStream(events, undefined, meta), s));
    expect(out.items).toEqual(['Hello', ', world', '!']);
    expect(s.meta).toBe(meta);
    expect(s.reasoning).toBe('think more');
    expect(s.images).toEqual(['data:image/png;base64,AA']);
    expect(s.finishReason).toBe('stop');
  });

  it('says where the pictures are when an answer has images and no text', async () => {
    const one = await drain(
      textOf(
        fakeStream([
          { type: 'text', text: '  ' },
          { type: 'image', url: 'u1' },
        ]),
        side(),
      ),
    );
    expect(one.items).toEqual(['  ', '_(the image is below)_']);
    const two = await drain(
      textOf(
        fakeStream([
          { type: 'image', url: 'u1' },
          { type: 'image', url: 'u2' },
        ]),
        side(),
      ),
    );
    expect(two.items).toEqual(['_(2 images are below)_']);
    const none = await drain(textOf(fakeStream([{ type: 'done', finishReason: 'stop' }]), side()));
    expect(none.items).toEqual([]);
  });

  it('a break closes the stream once; the metered stream reports once before the loop is left', async () => {
    const inner = fakeStream(texts(10));
    const log: string[] = [];
    const { onEnd, calls } = loggedEnd(log);
    const source = textOf(meteredStream(inner, onEnd), side());
    let seen = 0;
    for await (const _ of source) if (++seen === 2) break;
    log.push('loop left');
    expect(inner.returns).toBe(1);
    expect(inner.pulled).toBe(2);
    expect(calls).toHaveLength(1);
    expect(log).toEqual(['end started', 'end settled', 'loop left']);
  });

  it('a mid-stream error arrives as the same object after the text before it; then done', async () => {
    const failure = new Error('stream error');
    const inner = fakeStream(texts(3), failure);
    const it = textOf(inner, side())[Symbol.asyncIterator]();
    const items: string[] = [];
    let error: unknown;
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) items.push(r.value);
    } catch (err) {
      error = err;
    }
    expect(items).toEqual(['t0 ', 't1 ', 't2 ']);
    expect(error).toBe(failure);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(await it.return?.()).toEqual({ value: undefined, done: true });
    expect(inner.returns).toBe(0);
  });

  it('after the end (or the image line), next() keeps answering done without asking the stream', async () => {
    const inner = fakeStream([{ type: 'image', url: 'u1' }]);
    const it = textOf(inner, side())[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: '_(the image is below)_', done: false });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    const asked = inner.nexts;
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(inner.nexts).toBe(asked);
    await it.return?.();
    expect(inner.returns).toBe(0);
  });
});
