/**
 * createEventStream reads the body in one loop: events split across network chunks (and chunks that
 * hold no event at all) arrive in order, a failure after queued events comes after them, and a
 * finished iterator keeps answering done.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/openrouter/events.js';
import { createChatNormaliser } from '../../../src/openrouter/streams/chat-stream.js';
import { createEventStream } from '../../../src/openrouter/streams/event-stream.js';
import type { OpenResponse, TransportConfig } from '../../../src/openrouter/transport.js';

const data = (content: string) =>
  `data: ${JSON.stringify({ id: 'gen-1', model: 'm/x', choices: [{ index: 0, delta: { content } }] })}\n\n`;
const config = { idleTimeoutMs: 60_000, firstByteTimeoutMs: 60_000 } as TransportConfig;

function open(pieces: string[]) {
  const controller = new AbortController();
  const body = Readable.from(pieces.map((p) => Buffer.from(p)));
  const res = { status: 200, headers: {}, body, controller } as unknown as OpenResponse;
  return { stream: createEventStream(res, createChatNormaliser(), config), controller, body };
}

const textsOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text' ? [e.text] : []));

describe('createEventStream read loop', () => {
  it('delivers events in order across split chunks, comment-only chunks and several events per chunk', async () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i} `);
    const wire = words.map(data).join('');
    const pieces: string[] = [': OPENROUTER PROCESSING\n\n'];
    // odd sizes: lines split mid-way, some chunks carry several events, some none complete
    for (let at = 0, size = 7; at < wire.length; at += size, size = (size * 3) % 97 || 11)
      pieces.push(wire.slice(at, at + size));
    pieces.push(': keep-alive\n\n', 'data: [DONE]\n\n');
    const { stream } = open(pieces);
    const it = stream[Symbol.asyncIterator]();
    const events: StreamEvent[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) events.push(r.value);
    expect(textsOf(events)).toEqual(words);
    expect(events.at(-1)?.type).toBe('done');
    expect(stream.meta.generationId).toBe('gen-1');
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('a failure after queued events comes after them, once; then the iterator answers done', async () => {
    const error = `data: ${JSON.stringify({ error: { code: 502, message: 'Provider went away' } })}\n\n`;
    const { stream, controller } = open([data('a'), data('b') + data('c') + error]);
    const it = stream[Symbol.asyncIterator]();
    const texts: string[] = [];
    let failure: unknown;
    try {
      for (let r = await it.next(); !r.done; r = await it.next())
        if (r.value.type === 'text') texts.push(r.value.text);
    } catch (err) {
      failure = err;
    }
    expect(texts).toEqual(['a', 'b', 'c']);
    expect(failure).toMatchObject({ code: 'OPENROUTER.STREAM_ERROR' });
    expect(controller.signal.aborted).toBe(true);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('return() mid-stream closes the request and later next() calls answer done', async () => {
    const { stream, controller, body } = open([data('a'), data('b'), data('c')]);
    const it = stream[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    expect(await it.return?.()).toEqual({ value: undefined, done: true });
    expect(controller.signal.aborted).toBe(true);
    expect(body.destroyed).toBe(true);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
