/**
 * Posts the images of an answer under it (one message, as image files: Discord attachments, Slack
 * uploads in the thread) and returns their references for the stored turn. Images a platform cannot
 * take (too large) or that are not readable are named in a visible note instead of failing the answer.
 */
import type { Logger } from 'pino';
import type { ImageRef } from '../conversations/types.js';
import type { ButtonSpec, OutgoingFile, ReplySurface } from '../surface/reply-surface.js';
import type { GeneratedImages } from './generated-images.js';

/** Files per message (Discord allows 10). */
const PER_MESSAGE = 10;

export interface DeliveredImages {
  refs: ImageRef[];
  notes: string[];
}

export async function deliverImages(
  surface: ReplySurface,
  urls: readonly string[],
  deps: {
    generated: GeneratedImages;
    logger: Logger;
    /** Text, footer and buttons of the first message (default: the file names). */
    first?: { text: string; footer?: string; buttons?: ButtonSpec[] };
    prefix?: string;
    /** Alt text of every picture (e.g. the prompt). */
    alt?: string;
  },
): Promise<DeliveredImages> {
  const refs: ImageRef[] = [];
  const notes: string[] = [];
  const files: OutgoingFile[] = [];
  for (const [i, url] of urls.entries()) {
    const decoded = await deps.generated.decode(url);
    if ('problem' in decoded) {
      notes.push(`image ${i + 1} left out: ${decoded.problem}`);
      continue;
    }
    const { image } = decoded;
    if (image.bytes.byteLength > surface.limits.maxUploadBytes) {
      notes.push(`image ${i + 1} left out: larger than this platform takes`);
      continue;
    }
    const name = `${deps.prefix ?? 'image'}-${i + 1}.${image.ext}`;
    files.push({
      name,
      contentType: image.mediaType,
      data: image.bytes,
      ...(deps.alt ? { alt: deps.alt } : {}),
    });
    refs.push(await deps.generated.keep(image, name));
  }
  for (let i = 0; i < files.length; i += PER_MESSAGE) {
    const batch = files.slice(i, i + PER_MESSAGE);
    const names = { text: `-# ${batch.map((f) => f.name).join(' · ')}` };
    await surface.post({ ...(i === 0 && deps.first ? deps.first : names), files: batch });
  }
  if (notes.length > 0) deps.logger.info({ notes }, 'some generated images were left out');
  return { refs, notes };
}
