/**
 * meteredStream / meteredBinary as hand-written iterators: items untouched and in order, the end
 * reported exactly once (normal end, break, error, abort), and for a stream the consumer hears of
 * the end only after the report settled.
 */
import { describe, expect, it } from 'vitest';
import type { BinaryResult } from '../../../src/openrouter/events.js';
import { meteredBinary, meteredStream } from '../../../src/usage/metered.js';
import { drain, fakeStream, loggedEnd, scripted, texts } from './fake-stream.js';

describe('meteredStream', () => {
  it('passes every event through untouched and in order, then reports once before the end is seen', async () => {
    const events = texts(5);
    const meta = { generationId: 'gen-1' };
    const inner = fakeStream(events, undefined, meta);
    const log: string[] = [];
    const { onEnd, calls } = loggedEnd(log);
    const stream = meteredStream(inner, onEnd);
    const out = await drain(stream);
    log.push('consumer saw the end');
    expect(out.items).toEqual(events);
    for (const [i, e] of out.items.entries()) expect(e).toBe(events[i]);
    expect(calls).toEqual([meta]);
    expect(calls[0]).toBe(meta);
    expect(log).toEqual(['end started', 'end settled', 'consumer saw the end']);
    expect(stream.meta).toBe(meta);
  });

  it('a break closes the inner stream and awaits the report once before return() resolves', async () => {
    const inner = fakeStream(texts(10));
    const log: string[] = [];
    const { onEnd, calls } = loggedEnd(log);
    const stream = meteredStream(inner, onEnd);
    let seen = 0;
    for await (const _ of stream) if (++seen === 3) break;
    log.push('loop left');
    expect(inner.returns).toBe(1);
    expect(inner.pulled).toBe(3);
    expect(log).toEqual(['end started', 'end settled', 'loop left']);
    const it = stream[Symbol.asyncIterator]();
    await it.return?.();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(inner.returns).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it('a mid-stream error reaches the consumer as the same object, after the one report settled', async () => {
    const failure = new Error('connection dropped');
    const inner = fakeStream(texts(2), failure);
    const log: string[] = [];
    const { onEnd, calls } = loggedEnd(log);
    const stream = meteredStream(inner, onEnd);
    const out = await drain(stream);
    log.push('consumer saw the error');
    expect(out.items).toHaveLength(2);
    expect(out.error).toBe(failure);
    expect(log).toEqual(['end started', 'end settled', 'consumer saw the error']);
    const it = stream[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(inner.returns).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it('after the end, next() keeps answering done without asking the inner stream', async () => {
    const inner = fakeStream(texts(1));
    const stream = meteredStream(inner, async () => {});
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    const asked = inner.nexts;
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(inner.nexts).toBe(asked);
  });

  it('abort() aborts the inner stream and reports once, even when the iterator ends later', async () => {
    const inner = fakeStream(texts(3));
    const log: string[] = [];
    const { onEnd, calls } = loggedEnd(log);
    const stream = meteredStream(inner, onEnd);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    stream.abort('stop');
    expect(inner.aborts).toEqual(['stop']);
    expect(await it.next()).toEqual({ value: undefined, done: true });
    await it.return?.();
    expect(calls).toHaveLength(1);
  });

  it('return() before the first next() still closes the inner stream and reports once', async () => {
    const inner = fakeStream(texts(3));
    const log: string[] = [];
    const { onEnd, calls } = loggedEnd(log);
    const it = meteredStream(inner, onEnd)[Symbol.asyncIterator]();
    expect(await it.return?.()).toEqual({ value: undefined, done: true });
    expect(inner.returns).toBe(1);
    expect(inner.pulled).toBe(0);
    expect(calls).toHaveLength(1);
    expect(log).toEqual(['end started', 'end settled']);
  });

  it('a failing report never reaches the consumer', async () => {
    const stream = meteredStream(fakeStream(texts(2)), async () => {
      throw new Error('ledger down');
    });
    const out = await drain(stream);
    expect(out.items).toHaveLength(2);
    expect(out.error).toBeUndefined();
  });
});

function binary(chunks: Uint8Array[], failure?: Error) {
  const body = scripted(chunks, failure);
  let cancels = 0;
  const result: BinaryResult = {
    contentType: 'audio/mpeg',
    contentLength: 6,
    body,
    meta: { generationId: 'gen-b' },
    cancel: () => void cancels++,
  };
  return { result, body, cancels: () => cancels };
}

const bytes = () => [Uint8Array.of(1, 2), Uint8Array.of(3, 4), Uint8Array.of(5, 6)];

describe('meteredBinary', () => {
  it('passes the bytes through untouched and in order and reports once at the end', async () => {
    const chunks = bytes();
    const { result } = binary(chunks);
    const calls: unknown[] = [];
    const metered = meteredBinary(result, async (meta) => void calls.push(meta));
    expect(metered.contentType).toBe('audio/mpeg');
    expect(metered.contentLength).toBe(6);
    const out = await drain(metered.body);
    for (const [i, c] of out.items.entries()) expect(c).toBe(chunks[i]);
    expect(out.items).toHaveLength(3);
    expect(calls).toEqual([{ generationId: 'gen-b' }]);
    const it = metered.body[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(calls).toHaveLength(1);
  });

  it('does not wait for the report: a report that never settles does not hold the reader', async () => {
    const { result, body } = binary(bytes());
    let reports = 0;
    const metered = meteredBinary(result, () => {
      reports++;
      return new Promise<void>(() => {});
    });
    for await (const _ of metered.body) break;
    expect(body.returns).toBe(1);
    expect(reports).toBe(1);
    const full = meteredBinary(binary(bytes()).result, () => {
      reports++;
      return new Promise<void>(() => {});
    });
    expect((await drain(full.body)).items).toHaveLength(3);
    expect(reports).toBe(2);
  });

  it('a failing body reaches the reader as the same error, reported once; cancel reports once too', async () => {
    const failure = new Error('too many bytes');
    const { result } = binary(bytes(), failure);
    let reports = 0;
    const metered = meteredBinary(result, async () => void reports++);
    const out = await drain(metered.body);
    expect(out.error).toBe(failure);
    expect(out.items).toHaveLength(3);
    metered.cancel();
    expect(reports).toBe(1);

    const other = binary(bytes());
    const cancelled = meteredBinary(other.result, async () => void reports++);
    cancelled.cancel();
    await cancelled.body[Symbol.asyncIterator]().return?.();
    expect(other.cancels()).toBe(1);
    expect(reports).toBe(2);
  });
});
