/** createEventStream over an in-memory body: ordering of events and failures inside one chunk. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/openrouter/events.js';
import { createChatNormaliser } from '../../../src/openrouter/streams/chat-stream.js';
import { createEventStream } from '../../../src/openrouter/streams/event-stream.js';
import type { OpenResponse, TransportConfig } from '../../../src/openrouter/transport.js';

const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'gen-1', model: 'm/x', choices: [{ index: 0, delta: { content } }] })}\n\n`;

function open(...pieces: string[]) {
  const controller = new AbortController();
  const body = Readable.from(pieces.map((p) => Buffer.from(p)));
  const res = { status: 200, headers: {}, body, controller } as unknown as OpenResponse;
  return { stream: createEventStream(res, createChatNormaliser(), {} as TransportConfig), controller, body };
}

async function collect(stream: AsyncIterable<StreamEvent>) {
  const types: string[] = [];
  let text = '';
  try {
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'text') text += event.text;
    }
    return { text, types, error: undefined };
  } catch (error) {
    return { text, types, error };
  }
}

describe('createEventStream', () => {
  it('delivers text that shares a network chunk with an error object before throwing', async () => {
    const error = `data: ${JSON.stringify({ error: { code: 502, message: 'Provider went away' } })}\n\n`;
    const { stream } = open(chunk('one ') + chunk('two ') + error + chunk('never'));
    const out = await collect(stream);
    expect(out.text).toBe('one two ');
    expect(out.error).toMatchObject({ code: 'OPENROUTER.STREAM_ERROR' });
  });

  it('ends with done after [DONE] and ignores anything after it', async () => {
    const { stream } = open(chunk('a'), `${chunk('b')}data: [DONE]\n\n`, chunk('late'));
    const out = await collect(stream);
    expect(out.text).toBe('ab');
    expect(out.types.at(-1)).toBe('done');
    expect(out.error).toBeUndefined();
  });

  it('a body that ends without [DONE] or a finish reason is a stream error, text kept', async () => {
    const { stream } = open(chunk('half'));
    const out = await collect(stream);
    expect(out.text).toBe('half');
    expect(out.error).toMatchObject({ code: 'OPENROUTER.STREAM_ERROR' });
  });

  it('breaking out of the loop aborts the request', async () => {
    const { stream, controller, body } = open(chunk('a'), chunk('b'), chunk('c'));
    for await (const event of stream) if (event.type === 'text') break;
    expect(controller.signal.aborted).toBe(true);
    expect(body.destroyed).toBe(true);
  });

  it('can be iterated only once', () => {
    const { stream } = open(chunk('a'));
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});
