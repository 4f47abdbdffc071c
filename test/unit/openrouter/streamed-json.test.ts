import { describe, expect, it } from 'vitest';
import { Base64Bytes, streamedJson } from '../../../src/openrouter/streamed-json.js';

async function text(gen: AsyncGenerator<string>): Promise<string> {
  let out = '';
  for await (const piece of gen) out += piece;
  return out;
}

/** A source yielding `bytes` in chunks of the given sizes (then the rest). */
function chunked(bytes: Buffer, sizes: number[], declare = true) {
  return new Base64Bytes({
    ...(declare ? { byteLength: bytes.length } : {}),
    async *open() {
      let at = 0;
      for (const n of sizes) {
        yield bytes.subarray(at, at + n);
        at += n;
      }
      if (at < bytes.length) yield bytes.subarray(at);
    },
  });
}

describe('streamed JSON bodies', () => {
  const bytes = Buffer.from(Array.from({ length: 200_003 }, (_, i) => (i * 7919) % 256));

  it('encodes chunks of any size (groups of 3 split across chunks) into the exact base64 and JSON', async () => {
    for (const sizes of [[1], [2, 2, 2], [5, 1, 7, 64 * 1024 + 1], [200_003]]) {
      const body = streamedJson({ model: 'm', input_audio: { data: chunked(bytes, sizes), format: 'wav' } });
      const produced = await text(body!.produce());
      expect(JSON.parse(produced)).toEqual({
        model: 'm',
        input_audio: { data: bytes.toString('base64'), format: 'wav' },
      });
      expect(body?.length).toBe(Buffer.byteLength(produced));
    }
  });

  it('produces the body again for a retry, and has no length when a size is unknown', async () => {
    const body = streamedJson({ a: [chunked(bytes, [10], false), 'x'] });
    expect(body?.length).toBeUndefined();
    const one = await text(body!.produce());
    expect(await text(body!.produce())).toBe(one);
    expect(JSON.parse(one)).toEqual({ a: [bytes.toString('base64'), 'x'] });
  });

  it('leaves ordinary JSON alone', () => {
    expect(streamedJson({ model: 'm', data: 'abc' })).toBeUndefined();
  });
});
