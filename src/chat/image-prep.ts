/**
 * Prepares an image for a model: decoded with sharp, turned upright (EXIF), scaled to at most
 * 2,048 px on the long side and re-encoded as JPEG (transparency flattened on white). When the
 * result is larger than `maxBytes`, it is tried again smaller (1,024 px, lower quality).
 * Errors: InputError INPUT.IMAGE_UNREADABLE (not an image sharp can decode, or too many pixels).
 */
import { InputError } from '../common/errors.js';
import { loadSharp } from '../common/load-sharp.js';

/** Long side sent to models: what the main vision models use anyway (they scale larger images down). */
export const MAX_IMAGE_SIDE = 2_048;
/** Pixels a source image may have (~50 megapixels): a small file cannot decode into gigabytes. */
const MAX_INPUT_PIXELS = 50_000_000;
const STEPS = [
  { side: MAX_IMAGE_SIDE, quality: 82 },
  { side: 1_024, quality: 72 },
] as const;

export interface PreparedImage {
  data: Buffer;
  mediaType: 'image/jpeg';
  width: number;
  height: number;
}

export async function prepareImage(
  bytes: Uint8Array,
  name: string,
  maxBytes: number,
): Promise<PreparedImage> {
  const sharp = await loadSharp();
  let last: PreparedImage | undefined;
  for (const step of STEPS) {
    try {
      const { data, info } = await sharp(bytes, {
        limitInputPixels: MAX_INPUT_PIXELS,
        failOn: 'error',
        sequentialRead: true,
      })
        .rotate()
        .resize({ width: step.side, height: step.side, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: step.quality, mozjpeg: false })
        .toBuffer({ resolveWithObject: true });
      last = { data, mediaType: 'image/jpeg', width: info.width, height: info.height };
    } catch (err) {
      throw new InputError(
        'INPUT.IMAGE_UNREADABLE',
        `${name} could not be read as an image (${err instanceof Error ? err.message : String(err)}).`,
        { cause: err },
      );
    }
    if (last.data.byteLength <= maxBytes) return last;
  }
  return last as PreparedImage;
}
