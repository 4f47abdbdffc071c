/**
 * Video jobs as records in the state store (namespace `video-jobs`), so a restart — even kill -9 —
 * finds every unfinished job again. Delivery is guarded by a claim (the store's owner-token lock, its
 * lease renewed during the upload) and the record's `phase`, so a result is posted once even if two
 * pollers on two instances race.
 */
import type { VideoStatus } from '../openrouter/index.js';
import { createKeyedLock } from '../state/keyed-lock.js';
import { createLeaseLock } from '../state/lease-lock.js';
import type { StateStore } from '../state/store.js';
import type { MessageRef, SurfaceLocation } from '../surface/reply-surface.js';

export type VideoPhase =
  /** Polling OpenRouter. */
  | 'following'
  /** OpenRouter finished; the result still has to be posted. */
  | 'delivering'
  /** Nothing left to do (delivered, failed, or the user stopped following it). */
  | 'done';

export interface VideoJobRecord {
  /** OpenRouter's job id. */
  id: string;
  model: string;
  prompt: string;
  userId: string;
  location: SurfaceLocation;
  /** The one status message, edited as the job moves (missing until it was posted). */
  statusRef?: MessageRef;
  /** While the submitting instance posts the status message: since when (the poller does not post another). */
  statusPostingAt?: number;
  createdAt: number;
  phase: VideoPhase;
  status: VideoStatus;
  polls: number;
  generationId?: string;
  unsignedUrls?: string[];
  cost?: number;
  error?: string;
  /** Output indexes already posted (a crash between two outputs does not repeat the first). */
  delivered?: number[];
  deliveryFailures?: number;
  finishedAt?: number;
  /** Set when the user pressed Cancel: who, and when. */
  stoppedBy?: string;
}

export interface VideoJobs {
  create(record: VideoJobRecord): Promise<void>;
  get(id: string): Promise<VideoJobRecord | undefined>;
  /**
   * Merge the patch `change` makes from the current record (serialised per job across instances, so
   * a Cancel click and a poll cannot overwrite each other). `change` returning undefined, or a
   * missing record, writes nothing. Returns the record as stored afterwards.
   */
  update(
    id: string,
    change: (current: VideoJobRecord) => Partial<VideoJobRecord> | undefined,
  ): Promise<VideoJobRecord | undefined>;
  /** Every record not yet done (scanned on start). */
  unfinished(): Promise<VideoJobRecord[]>;
  /**
   * Take the right to deliver this job for `leaseMs`: a token while nobody else holds it, else
   * undefined. The holder renews it with `extend` while it uploads and frees it with `release`; a
   * holder whose lease ran out can do neither to its successor's claim.
   */
  claim(id: string, leaseMs: number): Promise<string | undefined>;
  extend(id: string, token: string, leaseMs: number): Promise<boolean>;
  release(id: string, token: string): Promise<void>;
}

/** Finished records stay this long, so a late Cancel click or a racing poller still sees `done`. */
export const DONE_TTL_MS = 7 * 24 * 60 * 60_000;

export function createVideoJobs(store: StateStore, config: { leaseMs?: number } = {}): VideoJobs {
  const jobs = store.namespace('video-jobs');
  const { locks } = store.atomic;
  // a Cancel on one instance and a poll on another never overwrite each other's change
  // (across instances with Redis; in this process on a store only it uses). A dead instance's hold on
  // a record lasts what its poll's does (the lease), so its takeover is not held up any longer.
  const lock =
    store.kind === 'redis'
      ? createLeaseLock(
          { prefix: 'video-job:', leaseMs: Math.min(10_000, config.leaseMs ?? 10_000), retryMs: 20 },
          { locks },
        )
      : createKeyedLock();
  const claimKey = (id: string) => `video-deliver:${id}`;
  return {
    create: (record) => jobs.set(record.id, record),
    get: (id) => jobs.get<VideoJobRecord>(id),
    update: (id, change) =>
      lock.run(id, async () => {
        const current = await jobs.get<VideoJobRecord>(id);
        const patch = current && change(current);
        if (!current || !patch) return current;
        const next = { ...current, ...patch };
        await jobs.set(id, next, next.phase === 'done' ? DONE_TTL_MS : undefined);
        return next;
      }),
    async unfinished() {
      const out: VideoJobRecord[] = [];
      for await (const [, record] of jobs.entries<VideoJobRecord>())
        if (record.phase !== 'done') out.push(record);
      return out.sort((a, b) => a.createdAt - b.createdAt);
    },
    claim: (id, leaseMs) => locks.acquire(claimKey(id), leaseMs),
    extend: (id, token, leaseMs) => locks.extend(claimKey(id), token, leaseMs),
    release: async (id, token) => {
      await locks.release(claimKey(id), token);
    },
  };
}
