/**
 * Posts a finished job's outputs: each one (GET /videos/{id}/content?index=N) is uploaded when it
 * fits the surface's upload limit, otherwise linked (its `unsigned_urls` entry). The bytes are
 * streamed into one buffer of the final size (preallocated from Content-Length, capped at the
 * limit), never gathered in pieces and joined; a body that turns out too big is dropped at once.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { mention } from '../command-model/command-ref.js';
import { type OpenRouterClient, OpenRouterError } from '../openrouter/index.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import type { VideoJobRecord } from './video-jobs.js';

export interface DeliveryDeps {
  client: Pick<OpenRouterClient, 'getVideoContent'>;
  logger: Logger;
}

export interface VideoDelivery {
  /**
   * Posts every output not yet in `job.delivered`, calling `onPosted(index)` after each post so the
   * caller can record it. Returns how many were uploaded and how many linked.
   */
  deliver(
    job: VideoJobRecord,
    surface: ReplySurface,
    onPosted: (index: number) => Promise<void>,
  ): Promise<{ uploaded: number; linked: number }>;
}

/** The same key for the same output on every instance (a post repeated after a crash is recognised). */
const outputKey = (jobId: string, index: number) =>
  `v${createHash('sha256').update(`${jobId}:${index}`).digest('base64url').slice(0, 24)}`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Reads a stream into one buffer; undefined (and the rest is not read) once it passes `cap`. */
export async function readCapped(
  body: AsyncIterable<Uint8Array>,
  cap: number,
  declared?: number,
): Promise<Uint8Array | undefined> {
  let buf = new Uint8Array(Math.min(cap, declared ?? Math.min(cap, 1024 * 1024)));
  let used = 0;
  for await (const chunk of body) {
    if (used + chunk.byteLength > cap) return undefined;
    if (used + chunk.byteLength > buf.byteLength) {
      const grown = new Uint8Array(Math.min(cap, Math.max(buf.byteLength * 2, used + chunk.byteLength)));
      grown.set(buf.subarray(0, used));
      buf = grown;
    }
    buf.set(chunk, used);
    used += chunk.byteLength;
  }
  return buf.subarray(0, used);
}

export function createVideoDelivery(_config: object, deps: DeliveryDeps): VideoDelivery {
  async function fetchOutput(job: VideoJobRecord, index: number, limit: number) {
    const content = await deps.client.getVideoContent(job.id, index, { maxBytes: limit });
    if (content.contentLength !== undefined && content.contentLength > limit) {
      content.cancel();
      return { tooBig: content.contentLength };
    }
    try {
      const data = await readCapped(content.body, limit, content.contentLength);
      if (!data) {
        content.cancel();
        return { tooBig: undefined };
      }
      return { data, contentType: content.contentType };
    } catch (err) {
      if (err instanceof OpenRouterError && err.code === 'OPENROUTER.BODY_TOO_LARGE')
        return { tooBig: undefined };
      throw err;
    }
  }

  return {
    async deliver(job, surface, onPosted) {
      const limit = surface.limits.maxUploadBytes;
      const count = Math.max(1, job.unsignedUrls?.length ?? 0);
      const done = new Set(job.delivered ?? []);
      let uploaded = 0;
      let linked = 0;
      for (let index = 0; index < count; index++) {
        if (done.has(index)) continue;
        const label = count > 1 ? `🎬 Video ${index + 1} of ${count}` : '🎬 Your video';
        const got = await fetchOutput(job, index, limit);
        const requester = mention(job.userId);
        if ('data' in got && got.data) {
          const ext = got.contentType.includes('webm') ? 'webm' : 'mp4';
          await surface.post({
            text: `${label} for ${requester}`,
            notify: [job.userId],
            dedupeKey: outputKey(job.id, index),
            files: [
              { name: `video-${job.id}-${index + 1}.${ext}`, contentType: got.contentType, data: got.data },
            ],
          });
          uploaded++;
        } else {
          const url = job.unsignedUrls?.[index];
          const size = got.tooBig !== undefined ? ` is ${mb(got.tooBig)},` : ' is';
          deps.logger.info({ job: job.id, index, size: got.tooBig, limit }, 'video over the upload limit');
          await surface.post({
            text: `${label} for ${requester}${size} over this platform's ${mb(limit)} upload limit${
              url ? `: ${url}` : ', and OpenRouter gave no link for it.'
            }`,
            notify: [job.userId],
            dedupeKey: outputKey(job.id, index),
          });
          linked++;
        }
        await onPosted(index);
      }
      return { uploaded, linked };
    },
  };
}
