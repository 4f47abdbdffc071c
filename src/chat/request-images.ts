/**
 * Puts images into a request: each stored image reference becomes an inline (base64) image part,
 * newest message first, while the request's image budget lasts. This ask's images come from the
 * prepared map (no second download); images of earlier turns are fetched again from their
 * platform and prepared. What does not fit, or cannot be fetched, is replaced by a short text
 * part (so the model knows) and counted in a visible note.
 */
import type { Logger } from 'pino';
import type { ContentPart, ImageRef, Turn } from '../conversations/types.js';
import { type PreparedImages, refKey } from './attachments.js';
import { type PreparedImage, prepareImage } from './image-prep.js';
import type { ImageSources } from './image-sources.js';
import type { PreparedCache } from './prepared-cache.js';
import { readCapped, type Scratch } from './read-capped.js';

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

export interface ImageBudget {
  perMessage: number;
  perRequest: number;
  /** Largest original file fetched again. */
  maxDownloadBytes: number;
}

interface Ctx {
  prepared: PreparedImages;
  sources: ImageSources;
  budget: ImageBudget;
  logger: Logger;
  signal?: AbortSignal | undefined;
  /** The download buffer, reused image after image. */
  scratch?: Scratch;
  /** Recently prepared images, so a follow-up does not fetch and decode them again. */
  cache?: PreparedCache;
}

/** Base64 bytes of a data URL (legacy inline images). */
const dataUrlBytes = (url: string) =>
  url.startsWith('data:') ? Math.floor(((url.length - url.indexOf(',') - 1) * 3) / 4) : 0;

async function fetchAgain(ref: ImageRef, ctx: Ctx, room: number): Promise<PreparedImage | undefined> {
  const cached = ctx.cache?.get(ref.sha256);
  if (cached && cached.data.byteLength <= room) return cached;
  try {
    const body = ctx.sources.open(ref, ctx.signal);
    if (!body) return undefined;
    const read = await readCapped(await body, ctx.budget.maxDownloadBytes, ref.size, ctx.scratch);
    if (!read) return undefined;
    const img = await prepareImage(read.bytes, ref.name, room);
    ctx.cache?.set(ref.sha256, img);
    return img;
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    ctx.logger.info(
      { err, image: ref.id, platform: ref.platform },
      'earlier image could not be fetched again',
    );
    return undefined;
  }
}

const inline = (img: PreparedImage): ContentPart => ({
  type: 'image',
  url: `data:${img.mediaType};base64,${img.data.toString('base64')}`,
  mediaType: img.mediaType,
});

export async function imagesIntoRequest(
  turns: Turn[],
  ctx: Ctx,
): Promise<{ turns: Turn[]; notes: string[] }> {
  ctx.scratch ??= {};
  let requestRoom = ctx.budget.perRequest;
  let leftOut = 0;
  let unavailable = 0;
  const out = [...turns];
  for (let t = out.length - 1; t >= 0; t--) {
    const turn = out[t] as Turn;
    if (!turn.parts.some((p) => p.type !== 'text')) continue;
    let messageRoom = ctx.budget.perMessage;
    const parts: ContentPart[] = [];
    for (const part of turn.parts) {
      if (part.type === 'text') {
        parts.push(part);
        continue;
      }
      const room = Math.min(messageRoom, requestRoom);
      if (part.type === 'image') {
        // stored before images were kept by reference: sent as it is while it fits
        const size = dataUrlBytes(part.url);
        if (size <= room) {
          parts.push(part);
          messageRoom -= size;
          requestRoom -= size;
        } else {
          leftOut++;
          parts.push({ type: 'text', text: '[an earlier image, left out of this request]' });
        }
        continue;
      }
      const planned = part.preparedBytes ?? 0;
      const img =
        planned > room ? undefined : (ctx.prepared.get(refKey(part)) ?? (await fetchAgain(part, ctx, room)));
      if (img && img.data.byteLength <= room) {
        parts.push(inline(img));
        messageRoom -= img.data.byteLength;
        requestRoom -= img.data.byteLength;
        continue;
      }
      if (planned > room || img) leftOut++;
      else unavailable++;
      parts.push({ type: 'text', text: `[image ${part.name}, not included in this request]` });
    }
    out[t] = { ...turn, parts };
  }
  const notes: string[] = [];
  if (leftOut > 0)
    notes.push(
      `${leftOut} image${leftOut === 1 ? '' : 's'} left out: a request carries at most ${mb(ctx.budget.perMessage)} of images per message and ${mb(ctx.budget.perRequest)} in all, the most recent first`,
    );
  if (unavailable > 0)
    notes.push(
      `${unavailable} earlier image${unavailable === 1 ? '' : 's'} could not be fetched again and ${unavailable === 1 ? 'was' : 'were'} left out`,
    );
  return { turns: out, notes };
}
