/** The /video first frame: an attached image, checked and read (capped) into a data URL for POST /videos. */

import type { Attachment } from '../command-model/command-types.js';
import { InputError } from '../common/errors.js';
import { formatSize } from '../files/bytes.js';
import { readCapped } from './video-delivery.js';

/**
 * A data URL rather than the platform's file link: Slack files need the bot's token, and Discord
 * CDN links expire, while OpenRouter may fetch the frame after the command has returned.
 */
export async function imageUrl(image: Attachment, maxBytes: number, signal?: AbortSignal): Promise<string> {
  const type = (image.contentType ?? '').split(';')[0] ?? '';
  if (!type.startsWith('image/'))
    throw new InputError(
      'INPUT.NOT_AN_IMAGE',
      `${image.name} is not an image. Attach a picture (PNG, JPEG, WebP…) to use as the first frame.`,
    );
  const tooBig = () =>
    new InputError(
      'INPUT.IMAGE_TOO_LARGE',
      `${image.name} is larger than ${formatSize(maxBytes)}; attach a smaller image.`,
    );
  if (image.size !== undefined && image.size > maxBytes) throw tooBig();
  const data = await readCapped(await image.open(signal), maxBytes, image.size);
  if (!data) throw tooBig();
  return `data:${type};base64,${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;
}
