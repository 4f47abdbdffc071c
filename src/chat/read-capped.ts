/** Reads a download into one buffer under a byte cap, hashing it on the way (sha256). */
import { createHash } from 'node:crypto';

export interface CappedBytes {
  bytes: Buffer;
  sha256: string;
}

/** The bytes, or undefined as soon as they pass `maxBytes` (the download is abandoned then). */
export async function readCapped(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  declared?: number,
): Promise<CappedBytes | undefined> {
  const hash = createHash('sha256');
  // one buffer from the declared size (grown only when the platform under-declared)
  let buffer = Buffer.allocUnsafe(Math.min(declared ?? 64 * 1024, maxBytes));
  let length = 0;
  for await (const chunk of body) {
    if (length + chunk.byteLength > maxBytes) return undefined;
    if (length + chunk.byteLength > buffer.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(maxBytes, Math.max(buffer.length * 2, length + chunk.byteLength)),
      );
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    buffer.set(chunk, length);
    length += chunk.byteLength;
    hash.update(chunk);
  }
  return { bytes: buffer.subarray(0, length), sha256: hash.digest('hex') };
}
