import { describe, expect, it } from 'vitest';
import { withCommandSyntax } from '../../../src/command-model/command-ref.js';
import type { VideoJobRecord } from '../../../src/video/video-jobs.js';
import {
  estimateProgress,
  formatCost,
  formatDuration,
  progressBar,
  statusMessage,
} from '../../../src/video/video-status.js';

const job = (over: Partial<VideoJobRecord> = {}): VideoJobRecord => ({
  id: 'vid_1',
  model: 'google/veo-3.1',
  prompt: 'A fox   runs\nthrough snow',
  userId: 'U1',
  location: { platform: 'discord', channelId: 'C1' },
  statusRef: { id: 'm1', channelId: 'C1' },
  createdAt: 0,
  phase: 'following',
  status: 'in_progress',
  polls: 3,
  ...over,
});

describe('video status message', () => {
  it('formats durations, costs and bars', () => {
    expect([formatDuration(4_400), formatDuration(65_000), formatDuration(3_725_000)]).toEqual([
      '4 s',
      '1 min 05 s',
      '1 h 02 min',
    ]);
    expect([formatCost(0.4), formatCost(0.0012), formatCost(undefined)]).toEqual([
      '$0.40',
      '$0.0012',
      undefined,
    ]);
    expect(progressBar(0.5)).toBe('`▓▓▓▓▓▓░░░░░░` 50%');
    expect(progressBar(2)).toBe('`▓▓▓▓▓▓▓▓▓▓▓▓` 100%');
  });

  it('estimates progress from the job, or from how long the model took before', () => {
    expect(estimateProgress({ status: 'in_progress', progress: 40 }, 0, undefined)).toBe(0.4);
    expect(estimateProgress({ status: 'in_progress', progress: 0.25 }, 0, undefined)).toBe(0.25);
    expect(estimateProgress({ status: 'in_progress' }, 30_000, 60_000)).toBe(0.5);
    expect(estimateProgress({ status: 'in_progress' }, 90_000, 60_000)).toBe(0.95);
    expect(estimateProgress({ status: 'in_progress' }, 30_000, undefined)).toBeUndefined();
    expect(estimateProgress({ status: 'pending' }, 30_000, 60_000)).toBeUndefined();
  });

  it('shows status, elapsed time, bar, model and a Cancel button while running', () => {
    const m = statusMessage(job(), { now: 65_000, progress: 0.5 });
    expect(m.text).toBe(
      '🎬 **Video** — “A fox runs through snow”\n⏳ Generating · 1 min 05 s\n`▓▓▓▓▓▓░░░░░░` 50%',
    );
    expect(m.footer).toBe('google/veo-3.1');
    expect(m.buttons).toEqual([{ action: 'video-cancel', value: 'vid_1', label: 'Cancel', style: 'danger' }]);
  });

  it('says why a job ended, with the cost, and drops the button', () => {
    const done = statusMessage(
      job({ phase: 'done', status: 'completed', finishedAt: 90_000, cost: 0.4, generationId: 'gen-1' }),
      { now: 1e9 },
    );
    expect(done.text).toContain('✅ Done · after 1 min 30 s');
    expect(done.footer).toBe('google/veo-3.1 · cost $0.40 · gen-1');
    expect(done.buttons).toBeUndefined();
    const failed = statusMessage(
      job({ phase: 'done', status: 'failed', error: 'content policy', finishedAt: 5_000 }),
      { now: 9 },
    );
    expect(failed.text).toContain('❌ Failed · after 5 s\nWhy: content policy');
    expect(
      statusMessage(job({ phase: 'done', status: 'expired', finishedAt: 1 }), { now: 2 }).text,
    ).toContain('⌛ Expired');
    expect(
      statusMessage(job({ phase: 'done', status: 'cancelled', finishedAt: 1 }), { now: 2 }).text,
    ).toContain('Cancelled by the provider');
    const stopped = statusMessage(job({ phase: 'done', stoppedBy: 'U1', finishedAt: 1 }), { now: 2 });
    expect(stopped.text).toContain('⏹️ Stopped');
    expect(withCommandSyntax(stopped.text, '/')).toContain('Stopped following by <@U1>');
    expect(stopped.buttons).toBeUndefined();
  });
});
