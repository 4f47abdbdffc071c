/**
 * Video jobs are paid when they complete, long after `/video` returned and possibly after a
 * restart, polled by one shared loop (a poll names no invocation, so nothing in it says who asked).
 * The job's owner is stored when it is created; the first poll that sees it completed claims it
 * with the store's set-if-absent, so repeated polls (or instances) never count it twice. A job that
 * completes without a cost is looked up with GET /generation by the recorder.
 */
import type { ResultMeta } from '../openrouter/events.js';
import type { VideoJob } from '../openrouter/index.js';
import type { Reservation } from '../state/primitives/contract.js';
import type { StateStore } from '../state/store.js';
import type { InvocationScope } from './invocation-scope.js';
import { type Attribution, attributionOf, type UsageRecorder } from './recorder.js';
import { isReserved } from './spend.js';

const DAY = 24 * 60 * 60 * 1000;
const FAILED: ReadonlySet<string> = new Set(['failed', 'cancelled', 'expired']);

interface Owner {
  who: Attribution;
  model: string;
  reservation?: Reservation;
}

export interface VideoBilling {
  started(job: VideoJob, who: Attribution, model: string, reservation?: Reservation): Promise<void>;
  /** `scope`: the invocation that created the job, when a job finished at once (its summary line says so). */
  polled(job: VideoJob, meta: ResultMeta, scope?: InvocationScope): Promise<void>;
}

export function createVideoBilling(store: StateStore, recorder: UsageRecorder): VideoBilling {
  const ns = store.namespace('video-billing');
  return {
    async started(job, who, model, reservation) {
      await ns.set(`owner:${job.id}`, { who, model, ...(reservation ? { reservation } : {}) }, 14 * DAY);
    },
    async polled(job, meta, scope) {
      if (FAILED.has(job.status)) {
        // nothing was made: give the reservation back, once
        if (!(await ns.add(`billed:${job.id}`, true, 60 * DAY))) return;
        const owner = await ns.get<Owner>(`owner:${job.id}`);
        if (owner?.reservation && isReserved(owner.reservation))
          await store.atomic.reservations.release(owner.reservation);
        return;
      }
      if (job.status !== 'completed') return;
      if (!(await ns.add(`billed:${job.id}`, true, 60 * DAY))) return;
      // no cost on the job: the recorder looks it up with GET /generation (else records it unknown)
      const cost = meta.usage?.cost ?? job.usage?.cost ?? undefined;
      const owner = await ns.get<Owner>(`owner:${job.id}`);
      await recorder.settle(
        owner?.who ?? attributionOf(undefined),
        'video',
        {
          ...meta,
          ...(cost !== undefined ? { usage: { ...meta.usage, cost } } : {}),
          ...(job.generation_id ? { generationId: job.generation_id } : {}),
        },
        owner?.model,
        owner?.reservation,
        scope,
      );
    },
  };
}
