import { describe, expect, it } from 'vitest';
import { createEditScheduler } from '../../src/streaming/edit-scheduler.js';

describe('edit scheduler', () => {
  it('keeps 50 parallel streams in one channel within 5 edits per 5 s (fake clock)', async () => {
    let clock = 0;
    const granted: number[] = [];
    const scheduler = createEditScheduler({
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const budget = { edits: 5, windowMs: 5_000 };
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        for (let i = 0; i < 3; i++) {
          await scheduler.acquire('chan', budget);
          granted.push(clock);
        }
      }),
    );
    expect(granted).toHaveLength(150);
    const sorted = [...granted].sort((a, b) => a - b);
    let max = 0;
    for (let i = 0; i < sorted.length; i++) {
      let j = i;
      while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + 5_000) j++;
      max = Math.max(max, j - i);
    }
    expect(max).toBeLessThanOrEqual(5);
  });

  it('does not make other channels wait', async () => {
    let clock = 0;
    const scheduler = createEditScheduler({
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const budget = { edits: 1, windowMs: 5_000 };
    await scheduler.acquire('a', budget);
    await scheduler.acquire('b', budget);
    expect(clock).toBe(0);
    await scheduler.acquire('a', budget);
    expect(clock).toBeGreaterThanOrEqual(5_000);
  });

  it('forgets idle buckets once their window has passed, so one-off threads do not pile up', async () => {
    let t = 0;
    const scheduler = createEditScheduler({
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    });
    const budget = { edits: 5, windowMs: 5_000 };
    for (let i = 0; i < 2_000; i++) {
      await scheduler.acquire(`thread-${i}`, budget);
      t += 10; // 2,000 threads over 20 s: only the last 5 s stay interesting
    }
    expect(scheduler.size).toBeLessThan(1_000);
  });
});
