/**
 * Images a model made: decoded from the data URL it sent, checked to really be an image (sharp),
 * and kept once by content hash in the state store, so conversations hold only a reference
 * (platform `generated`) and a follow-up can send the picture back to the model.
 * Errors: none thrown for bad model output; `decode` answers undefined with a reason instead.
 */
import { createHash } from 'node:crypto';
import type { ImageOpener } from '../chat/image-sources.js';
import { loadSharp } from '../common/load-sharp.js';
import type { ImageRef } from '../conversations/types.js';
import type { StateStore } from '../state/store.js';

/** The pseudo-platform of images the bot made (registered with the image sources). */
export const GENERATED = 'generated';
/** Largest image kept from a model (a 4K PNG is ~10-20 MB). */
export const GENERATED_IMAGE_MAX_BYTES = 24 * 1024 * 1024;
/** Kept as long as conversations are. */
const KEEP_MS = 90 * 24 * 60 * 60 * 1000;
const FORMATS: Record<string, { mediaType: string; ext: string }> = {
  png: { mediaType: 'image/png', ext: 'png' },
  jpeg: { mediaType: 'image/jpeg', ext: 'jpg' },
  webp: { mediaType: 'image/webp', ext: 'webp' },
  gif: { mediaType: 'image/gif', ext: 'gif' },
};

export interface GeneratedImage {
  bytes: Buffer;
  mediaType: string;
  ext: string;
  width: number;
  height: number;
}

export type Decoded = { image: GeneratedImage } | { problem: string };

export interface GeneratedImages {
  /** A data URL from the model as a checked image (or why not). */
  decode(url: string): Promise<Decoded>;
  /** Keeps the bytes (once per content) and returns the reference a turn stores. */
  keep(image: GeneratedImage, name: string): Promise<ImageRef>;
  readonly opener: ImageOpener;
}

export function createGeneratedImages(deps: { store: StateStore; maxBytes: number }): GeneratedImages {
  const ns = deps.store.namespace('generated-images');
  return {
    async decode(url) {
      const m = /^data:([\w/+.-]+);base64,(.*)$/s.exec(url);
      if (!m) return { problem: 'the model sent a link instead of the image itself' };
      const bytes = Buffer.from(m[2] as string, 'base64');
      if (bytes.byteLength > deps.maxBytes) return { problem: 'the image is larger than the bot keeps' };
      const sharp = await loadSharp();
      const meta = await sharp(bytes)
        .metadata()
        .catch(() => undefined);
      const format = meta?.format ? FORMATS[meta.format] : undefined;
      if (!meta || !format || !meta.width || !meta.height)
        return { problem: 'the model sent something that is not a readable image' };
      return { image: { bytes, ...format, width: meta.width, height: meta.height } };
    },
    async keep(image, name) {
      const sha256 = createHash('sha256').update(image.bytes).digest('hex');
      await ns.set(sha256, { mediaType: image.mediaType, data: image.bytes.toString('base64') }, KEEP_MS);
      return {
        type: 'image-ref',
        platform: GENERATED,
        id: sha256,
        url: `${GENERATED}:${sha256}`,
        name,
        mediaType: image.mediaType,
        size: image.bytes.byteLength,
        sha256,
      };
    },
    opener: async (ref) => {
      const kept = await ns.get<{ data: string }>(ref.id);
      if (!kept) throw new Error(`generated image ${ref.id} is no longer kept`);
      const bytes = Buffer.from(kept.data, 'base64');
      return (async function* () {
        yield bytes;
      })();
    },
  };
}
