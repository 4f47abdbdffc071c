/**
 * JSON request bodies with large binary fields, produced while they are sent: a `Base64Bytes`
 * value in the body is written as a base64 string, encoded piece by piece from the bytes it wraps,
 * so the whole base64 string and the whole JSON text never exist in memory. The body can be
 * produced again for a retry (from the same bytes), and its exact length is known in advance.
 */
import { randomUUID } from 'node:crypto';

/** Bytes sent as a base64 JSON string (e.g. `input_audio.data`). */
export class Base64Bytes {
  constructor(readonly bytes: Uint8Array) {}
  /** Characters of the base64 text (padded). */
  get base64Length(): number {
    return 4 * Math.ceil(this.bytes.byteLength / 3);
  }
}

/** Bytes encoded per piece: a multiple of 3, so pieces join without padding in between. */
const PIECE = 3 * 64 * 1024;

export interface StreamedBody {
  length: number;
  /** A fresh producer of the body's bytes (call once per attempt). */
  produce(): AsyncGenerator<Uint8Array>;
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
  const texts = text.split(new RegExp(`"${marker}\\d+"`)).map((t) => Buffer.from(t, 'utf8'));
  const length =
    texts.reduce((n, t) => n + t.byteLength, 0) + blobs.reduce((n, b) => n + b.base64Length + 2, 0);
  return {
    length,
    async *produce() {
      for (let i = 0; i < texts.length; i++) {
        yield texts[i] as Buffer;
        const blob = blobs[i];
        if (!blob) continue;
        yield Buffer.from('"');
        const { bytes } = blob;
        for (let at = 0; at < bytes.byteLength; at += PIECE) {
          const piece = bytes.subarray(at, Math.min(at + PIECE, bytes.byteLength));
          yield Buffer.from(
            Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('base64'),
            'latin1',
          );
        }
        yield Buffer.from('"');
      }
    },
  };
}
