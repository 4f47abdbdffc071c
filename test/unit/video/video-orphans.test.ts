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
    await jobs.create(record('old', now - 5_000, { polls: 3 }));
    await jobs.create(record('delivering', now - 9_000, { phase: 'delivering', polls: 6 }));
    await jobs.create(record('young', now - 100));
    await jobs.create(record('done', now - 9_000, { phase: 'done' }));
    const asked: Array<{ id: string; attempt: number }> = [];
    const requeued: string[] = [];
    let swept: () => void = () => {};
    const sweptTwice = new Promise<void>((resolve) => {
      swept = resolve;
    });
    const stop = startOrphanSweep(
      { everyMs: 10, minAgeMs: 1_000 },
      {
        jobs,
        // the queue knows 'delivering' already; 'old' is missing from it
        async requeue(id, { attempt }) {
          asked.push({ id, attempt });
          if (asked.length === 4) swept();
          return id === 'old';
        },
        now: () => now,
        onError: (err) => {
          throw err;
        },
        onRequeued: (id) => requeued.push(id),
      },
    );
    await sweptTwice;
    await stop();
    expect(asked.slice(0, 2).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'delivering', attempt: 6 },
      { id: 'old', attempt: 3 },
    ]);
    expect(asked.map((a) => a.id)).not.toContain('young');
    expect(asked.map((a) => a.id)).not.toContain('done');
    expect(requeued.slice(0, 2)).toEqual(['old', 'old']);
  });
});
