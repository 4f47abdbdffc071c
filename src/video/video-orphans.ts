/**
 * With several instances (jobs on BullMQ) a job can be stored but missing from the queue: its instance
 * died between storing the job and queueing it (the status message is posted in between), or its queue
 * entry was dropped by an error. Each instance looks now and then and queues every unfinished job older
 * than `minAgeMs` that the queue does not know; adding a job that is already queued does nothing (the
 * queue's jobId dedupe), so sweeps racing on several instances never make a job polled twice.
 */
import type { VideoJobs } from './video-jobs.js';
import type { PollScheduler } from './video-poller.js';

export interface OrphanSweepConfig {
  everyMs: number;
  /** Younger jobs may still be on their way into the queue on a live instance. */
  minAgeMs: number;
}

export interface OrphanSweepDeps {
  jobs: Pick<VideoJobs, 'unfinished' | 'get'>;
  poller: Pick<PollScheduler, 'add'> & Required<Pick<PollScheduler, 'isQueued'>>;
  now(): number;
  onError(err: unknown): void;
  /** A job was missing from the queue and is followed again. */
  onRequeued(id: string): void;
}

/** Starts sweeping; returns the function that stops it (and waits for a sweep in progress). */
export function startOrphanSweep(config: OrphanSweepConfig, deps: OrphanSweepDeps): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    const now = deps.now();
    for (const old of await deps.jobs.unfinished()) {
      if (now - old.createdAt < config.minAgeMs || (await deps.poller.isQueued(old.id))) continue;
      // read again after the queue said no: a job that just finished left the queue after its record
      // was marked done, so a record still unfinished now really is missing from the queue
      const rec = await deps.jobs.get(old.id);
      if (!rec || rec.phase === 'done') continue;
      deps.poller.add(rec.id, { attempt: rec.polls });
      deps.onRequeued(rec.id);
    }
  };
  const timer = setInterval(() => {
    running = running.then(sweep).catch(deps.onError);
  }, config.everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
