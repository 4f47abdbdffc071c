/** Reads a download into one buffer under a byte cap, hashing it on the way (sha256). */
import { createHash } from 'node:crypto';

export interface CappedBytes {
  bytes: Buffer;
  sha256: string;
}

/**
 * One buffer reused by the downloads of one ask, which run one after the other: each file's bytes
 * are done with (prepared) before the next is read, so ten large images cost one buffer, not ten
 * buffers waiting for a garbage collection.
 */
export interface Scratch {
  buffer?: Buffer;
}

/**
 * The bytes, or undefined as soon as they pass `maxBytes` (the download is abandoned then). With a
 * scratch, the bytes live in it: valid until the next read with the same scratch.
 */
export async function readCapped(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  declared?: number,
  scratch?: Scratch,
): Promise<CappedBytes | undefined> {
  const hash = createHash('sha256');
  // one buffer from the declared size (grown only when the platform under-declared)
  const wanted = Math.min(declared ?? 64 * 1024, maxBytes);
  let buffer =
    scratch?.buffer && scratch.buffer.length >= wanted ? scratch.buffer : Buffer.allocUnsafe(wanted);
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
  if (scratch) scratch.buffer = buffer;
  return { bytes: buffer.subarray(0, length), sha256: hash.digest('hex') };
}
