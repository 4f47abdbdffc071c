/**
 * JSON request bodies with large binary fields, produced while they are sent: a `Base64Bytes`
 * value in the body is written as a base64 string, encoded piece by piece as its source yields
 * bytes, so the whole base64 string and the whole JSON text never exist in memory. Each attempt
 * (a retry) produces the body again from a fresh read of the source; when every source's size is
 * known, so is the body's length.
 */
import { randomUUID } from 'node:crypto';

/** Where the bytes of a base64 field come from: a fresh read per request attempt. */
export interface ByteSource {
  open(): AsyncIterable<Uint8Array>;
  /** Exact byte count when known (the body then has a content-length). */
  byteLength?: number | undefined;
}

/** Bytes sent as a base64 JSON string (e.g. `input_audio.data`), encoded while the body is sent. */
export class Base64Bytes {
  constructor(readonly source: ByteSource) {}
  static of(bytes: Uint8Array): Base64Bytes {
    return new Base64Bytes({
      byteLength: bytes.byteLength,
      async *open() {
        yield bytes;
      },
    });
  }
  /** Characters of the base64 text (padded), when the byte count is known. */
  get base64Length(): number | undefined {
    const n = this.source.byteLength;
    return n === undefined ? undefined : 4 * Math.ceil(n / 3);
  }
}

/**
 * Bytes encoded per piece: a multiple of 3, so pieces join without padding in between; small
 * enough that each piece's text (64 KiB) is a short-lived young-generation string, written to
 * the socket as it is (no Buffer copy), so the pieces never pile up waiting for a full GC.
 */
const PIECE = 3 * 16 * 1024;

export interface StreamedBody {
  /** Bytes of the body, when every source's size is known. */
  length: number | undefined;
  /** A fresh producer of the body's text, piece by piece (call once per attempt). */
  produce(): AsyncGenerator<string>;
}

/** Base64 of a byte stream: each chunk's whole 3-byte groups at once, up to 2 bytes carried over. */
async function* base64Of(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let carry = Buffer.alloc(0);
  for await (const raw of source) {
    let chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (carry.length > 0) {
      const take = Math.min(3 - carry.length, chunk.length);
      carry = Buffer.concat([carry, chunk.subarray(0, take)]);
      chunk = chunk.subarray(take);
      if (carry.length < 3) continue;
      yield carry.toString('base64');
      carry = Buffer.alloc(0);
    }
    const whole = chunk.length - (chunk.length % 3);
    for (let at = 0; at < whole; at += PIECE)
      yield chunk.subarray(at, Math.min(at + PIECE, whole)).toString('base64');
    if (whole < chunk.length) carry = Buffer.from(chunk.subarray(whole));
  }
  if (carry.length > 0) yield carry.toString('base64');
}

/** Undefined when the value holds no Base64Bytes (send it as ordinary JSON then). */
export function streamedJson(value: unknown): StreamedBody | undefined {
  const blobs: Base64Bytes[] = [];
  const marker = `__b64_${randomUUID()}_`;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (!(v instanceof Base64Bytes)) return v;
    blobs.push(v);
    return `${marker}${blobs.length - 1}`;
  });
  if (blobs.length === 0) return undefined;
  // the JSON text around the blobs: text, blob 0, text, blob 1, …, text
  const texts = text.split(new RegExp(`"${marker}\\d+"`));
  const sizes = blobs.map((b) => b.base64Length);
  const length = sizes.every((n) => n !== undefined)
    ? texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0) + sizes.reduce((n, b) => n + b + 2, 0)
    : undefined;
  return {
    length,
    async *produce() {
      for (let i = 0; i < texts.length; i++) {
        yield texts[i] as string;
        const blob = blobs[i];
        if (!blob) continue;
        yield '"';
        yield* base64Of(blob.source.open());
        yield '"';
      }
    },
  };
}
