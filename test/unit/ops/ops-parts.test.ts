import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMetrics, operationOf } from '../../../src/ops/metrics.js';
import { createReadiness } from '../../../src/ops/readiness.js';
import { drainAndClose } from '../../../src/ops/shutdown.js';
import { createWorkGate } from '../../../src/ops/work-gate.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createVideoJobs } from '../../../src/video/video-jobs.js';
import { countedJobs } from '../../../src/video/video-metrics.js';

const silent = pino({ level: 'silent' });

describe('operationOf', () => {
  it('names OpenRouter operations without ids', () => {
    expect(operationOf('/api/v1/chat/completions')).toBe('chat.completions');
    expect(operationOf('/api/v1/videos')).toBe('videos.create');
    expect(operationOf('/api/v1/videos/job-123')).toBe('videos.get');
    expect(operationOf('/api/v1/videos/job-123/content?index=0')).toBe('videos.content');
    expect(operationOf('/api/v1/videos/models')).toBe('videos.models');
    expect(operationOf('/api/v1/models/openai/gpt-4o/endpoints')).toBe('models.endpoints');
    expect(operationOf('/api/v1/generation?id=gen-1')).toBe('generation');
    expect(operationOf('/api/v1/something/new')).toBe('other');
  });
});

describe('metrics', () => {
  it('samples the event loop’s lag every 50 ms, not every 10, and a stall still shows in full', async () => {
    const metrics = createMetrics();
    await new Promise((resolve) => setTimeout(resolve, 250)); // the monitor is running
    const until = performance.now() + 400;
    while (performance.now() < until); // a 400 ms stall
    await new Promise((resolve) => setTimeout(resolve, 250)); // the sample after it is taken
    const text = await metrics.registry.metrics(); // the lag gauges are read together at a scrape
    const seconds = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(seconds('switchboard_nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.35);
    // an idle loop reads the sampling interval: 50 ms apart, not prom-client's default 10
    expect(seconds('switchboard_nodejs_eventloop_lag_min_seconds')).toBeGreaterThanOrEqual(0.045);
  });

  it('caps model labels and reads gauges at scrape time', async () => {
    const metrics = createMetrics({ processMetrics: false, maxModels: 2 });
    expect([metrics.model('a/1'), metrics.model('b/2'), metrics.model('c/3'), metrics.model('a/1')]).toEqual([
      'a/1',
      'b/2',
      'other',
      'a/1',
    ]);
    let depth = 3;
    metrics.watch('queueDepth', () => depth, 'video');
    metrics.watch('activeStreams', () => 2);
    expect(await metrics.registry.metrics()).toContain('switchboard_queue_depth{queue="video"} 3');
    depth = 0;
    const text = await metrics.registry.metrics();
    expect(text).toContain('switchboard_queue_depth{queue="video"} 0');
    expect(text).toContain('switchboard_active_streams 2');
  });
});

describe('readiness', () => {
  it('is ready only with every platform connected and the store answering, and never after shutdown began', async () => {
    const readiness = createReadiness({}, { store: createMemoryStore() });
    let slack = false;
    readiness.addPlatform('discord', () => true);
    readiness.addPlatform('slack', () => slack);
    expect((await readiness.check()).ready).toBe(false);
    slack = true;
    expect(await readiness.check()).toEqual({
      ready: true,
      shuttingDown: false,
      store: true,
      platforms: { discord: true, slack: true },
    });
    readiness.beginShutdown();
    expect((await readiness.check()).ready).toBe(false);
  });

  it('is not ready while the store does not answer', async () => {
    const hanging = { namespace: () => ({ get: () => new Promise<never>(() => undefined) }) };
    const readiness = createReadiness({ storeTimeoutMs: 10 }, { store: hanging as never });
    expect(await readiness.check()).toMatchObject({ ready: false, store: false });
  });
});

describe('drainAndClose', () => {
  it('refuses new work, waits for running work, then closes in order', async () => {
    const gate = createWorkGate();
    const readiness = createReadiness({}, { store: createMemoryStore() });
    const order: string[] = [];
    expect(gate.enter()).toBe(true);
    let finish: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      finish = resolve;
    }).then(() => {
      order.push('work done');
      gate.leave();
    });
    const done = drainAndClose(
      { timeoutMs: 60_000 },
      {
        logger: silent,
        readiness,
        gate,
        interruptAnswers: () => {
          order.push('interrupted');
          return 0;
        },
        closers: () => [
          { name: 'adapters', close: async () => void order.push('adapters') },
          { name: 'store', close: async () => void order.push('store') },
        ],
      },
    );
    expect(readiness.shuttingDown).toBe(true);
    expect(gate.enter()).toBe(false);
    finish();
    await running;
    expect(await done).toBe(0);
    expect(order).toEqual(['work done', 'adapters', 'store']);
  });

  it('interrupts answers still running when the deadline nears', async () => {
    const gate = createWorkGate();
    gate.enter();
    const order: string[] = [];
    const code = await drainAndClose(
      { timeoutMs: 200, closeReserveMs: 100 },
      {
        logger: silent,
        readiness: createReadiness({}, { store: createMemoryStore() }),
        gate,
        interruptAnswers: () => {
          order.push('interrupted');
          gate.leave(); // the interrupted answer ends with its final edit
          return 1;
        },
        closers: () => [{ name: 'store', close: async () => void order.push('store') }],
      },
    );
    expect(code).toBe(0);
    expect(order).toEqual(['interrupted', 'store']);
  });
});

describe('video job metrics', () => {
  it('counts each state a job reaches, once', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const jobs = countedJobs(createVideoJobs(createMemoryStore()), metrics);
    const record = {
      id: 'job-1',
      model: 'google/veo-3.1',
      prompt: 'a cat',
      userId: 'U1',
      location: { platform: 'slack', channelId: 'C1' },
      createdAt: 0,
      phase: 'following',
      status: 'pending',
      polls: 0,
    } as const;
    await jobs.create(record);
    await jobs.update('job-1', () => ({ status: 'in_progress' }));
    await jobs.update('job-1', () => ({ polls: 2 })); // no new state
    await jobs.update('job-1', () => ({ status: 'completed', phase: 'delivering' }));
    await jobs.update('job-1', () => ({ phase: 'done' }));
    const text = await metrics.registry.metrics();
    for (const state of ['submitted', 'in_progress', 'delivering', 'delivered'])
      expect(text).toContain(`switchboard_video_jobs_total{state="${state}"} 1`);
    expect(text).not.toContain('state="pending"');
  });
});
