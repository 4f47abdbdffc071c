/**
 * The most recently prepared images (downscaled JPEGs, not the originals), by content hash, up to
 * a byte cap: a follow-up in a thread re-sends its images without downloading and decoding them
 * again. Least recently used images go first; the cap bounds the memory.
 */
import type { PreparedImage } from './image-prep.js';

export interface PreparedCache {
  get(sha256: string | undefined): PreparedImage | undefined;
  set(sha256: string | undefined, image: PreparedImage | undefined): void;
  readonly bytes: number;
}

export function createPreparedCache(maxBytes: number): PreparedCache {
  const images = new Map<string, PreparedImage>();
  let bytes = 0;
  return {
    get(sha256) {
      const hit = sha256 ? images.get(sha256) : undefined;
      if (hit && sha256) {
        images.delete(sha256); // most recently used last
        images.set(sha256, hit);
      }
      return hit;
    },
    set(sha256, image) {
      if (!sha256 || !image || image.data.byteLength > maxBytes) return;
      const old = images.get(sha256);
      if (old) bytes -= old.data.byteLength;
      images.delete(sha256);
      images.set(sha256, image);
      bytes += image.data.byteLength;
      for (const [key, img] of images) {
        if (bytes <= maxBytes) break;
        images.delete(key);
        bytes -= img.data.byteLength;
      }
    },
    get bytes() {
      return bytes;
    },
  };
}
