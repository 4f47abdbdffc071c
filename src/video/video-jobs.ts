/**
 * Video jobs as records in the state store (namespace `video-jobs`), so a restart — even kill -9 —
 * finds every unfinished job again. Delivery is guarded by a claim (`add` in `video-claims`, with a
 * lease) and the record's `phase`, so a result is posted once even if two pollers race.
 */
import type { VideoStatus } from '../openrouter/index.js';
import { createKeyedLock } from '../state/keyed-lock.js';
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
   * Merge the patch `change` makes from the current record (serialised per job in this process, so
   * a Cancel click and a poll cannot overwrite each other). `change` returning undefined, or a
   * missing record, writes nothing. Returns the record as stored afterwards.
   */
  update(
    id: string,
    change: (current: VideoJobRecord) => Partial<VideoJobRecord> | undefined,
  ): Promise<VideoJobRecord | undefined>;
  /** Every record not yet done (scanned on start). */
  unfinished(): Promise<VideoJobRecord[]>;
  /** Take the right to deliver this job for `leaseMs`; false while another poller holds it. */
  claim(id: string, owner: string, leaseMs: number): Promise<boolean>;
  release(id: string): Promise<void>;
}

/** Finished records stay this long, so a late Cancel click or a racing poller still sees `done`. */
export const DONE_TTL_MS = 7 * 24 * 60 * 60_000;

export function createVideoJobs(store: StateStore): VideoJobs {
  const jobs = store.namespace('video-jobs');
  const claims = store.namespace('video-claims');
  const lock = createKeyedLock();
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
    claim: (id, owner, leaseMs) => claims.add(id, { owner, at: Date.now() }, leaseMs),
    release: async (id) => {
      await claims.delete(id);
    },
  };
}
