/**
 * Video job transitions for the ops metrics: `submitted` when a job is stored, then each state it
 * reaches (pending, in_progress, delivering, delivered, failed, expired, stopped …).
 */
import type { Metrics } from '../ops/metrics.js';
import type { VideoJobRecord, VideoJobs } from './video-jobs.js';

export function stateOf(rec: VideoJobRecord): string {
  if (rec.stoppedBy) return 'stopped';
  if (rec.phase === 'delivering') return 'delivering';
  if (rec.phase === 'done') return rec.status === 'completed' ? 'delivered' : rec.status;
  return rec.status;
}

export function countedJobs(jobs: VideoJobs, metrics: Metrics | undefined): VideoJobs {
  if (!metrics) return jobs;
  return {
    ...jobs,
    async create(record) {
      await jobs.create(record);
      metrics.videoJobs.inc({ state: 'submitted' });
    },
    async update(id, change) {
      let before: string | undefined;
      const next = await jobs.update(id, (current) => {
        before = stateOf(current);
        return change(current);
      });
      if (next && before !== undefined && stateOf(next) !== before)
        metrics.videoJobs.inc({ state: stateOf(next) });
      return next;
    },
  };
}
