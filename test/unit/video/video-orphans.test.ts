/**
 * The sweep that queues stored jobs nobody queued (their instance died between storing and queueing):
 * unfinished jobs older than the minimum age are offered to the queue again, at their attempt, and
 * those it did not know are reported; young and finished jobs are left alone.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createVideoJobs, type VideoJobRecord } from '../../../src/video/video-jobs.js';
import { startOrphanSweep } from '../../../src/video/video-orphans.js';

const record = (id: string, createdAt: number, extra: Partial<VideoJobRecord> = {}): VideoJobRecord => ({
  id,
  model: 'google/veo-3.1',
  prompt: 'a fox',
  userId: 'U1',
  location: { platform: 'discord', channelId: 'C1' },
  createdAt,
  phase: 'following',
  status: 'in_progress',
  polls: 0,
  ...extra,
});

describe('orphan sweep', () => {
  it('queues unfinished jobs older than the minimum age that the queue lost, at their attempt', async () => {
    const jobs = createVideoJobs(createMemoryStore());
    const now = 100_000;
    await jobs.create(record('lost', now - 5_000, { polls: 3 }));
    await jobs.create(record('queued', now - 9_000, { phase: 'delivering', polls: 6 }));
    await jobs.create(record('finishing', now - 9_000, { phase: 'delivering', polls: 6 }));
    await jobs.create(record('young', now - 100));
    await jobs.create(record('done', now - 9_000, { phase: 'done' }));
    const asked: string[] = [];
    const added: Array<{ id: string; attempt: number | undefined }> = [];
    const requeued: string[] = [];
    let swept: () => void = () => {};
    const sweptOnce = new Promise<void>((resolve) => {
      swept = resolve;
    });
    const stop = startOrphanSweep(
      { everyMs: 10, minAgeMs: 1_000 },
      {
        jobs,
        poller: {
          add: (id, opts) => added.push({ id, attempt: opts?.attempt }),
          async isQueued(id) {
            asked.push(id);
            // 'finishing' just finished: its record is done by the time the queue forgot it
            if (id === 'finishing') await jobs.update(id, () => ({ phase: 'done' }));
            if (asked.length === 3) swept();
            return id === 'queued';
          },
        },
        now: () => now,
        onError: (err) => {
          throw err;
        },
        onRequeued: (id) => requeued.push(id),
      },
    );
    await sweptOnce;
    await stop();
    expect(asked.slice(0, 3).sort()).toEqual(['finishing', 'lost', 'queued']);
    expect(added[0]).toEqual({ id: 'lost', attempt: 3 });
    expect(new Set(added.map((a) => a.id))).toEqual(new Set(['lost']));
    expect(new Set(requeued)).toEqual(new Set(['lost']));
  });
});
