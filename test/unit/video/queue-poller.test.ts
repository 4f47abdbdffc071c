/**
 * The BullMQ poll loop on a private Redis, with two pollers standing for two instances: a job added by
 * both is polled once per step (jobId dedupe), by whichever instance is free, until it is done; the
 * backoff is the embedded poller's.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionFrom, createQueuePoller, workerTiming } from '../../../src/video/queue-poller.js';
import type { PollResult } from '../../../src/video/video-poller.js';
import { startRedis } from '../../helpers/redis.js';

const redis = await startRedis({ fresh: true });
afterAll(async () => {
  await redis?.stop();
});

describe('queue poller (BullMQ; needs redis-server or REDIS_URL)', () => {
  it('polls a job added by two instances once per step until it is done', async () => {
    const queueName = `test-polls-${randomUUID()}`;
    const polls: Array<{ by: string; id: string; attempt: number }> = [];
    let finished: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const poller = (by: string) =>
      createQueuePoller(
        { redisUrl: redis!.url, queueName, leaseMs: 2_000, minMs: 10, maxMs: 30, maxConcurrent: 4 },
        {
          async poll(id, attempt): Promise<PollResult> {
            polls.push({ by, id, attempt });
            if (attempt < 4) return {};
            finished();
            return { done: true };
          },
        },
      );
    const a = poller('a');
    const b = poller('b');
    a.add('vid_1', { delayMs: 0 });
    b.add('vid_1', { delayMs: 0 });
    await done;
    await Promise.all([a.stop(), b.stop()]);
    expect(polls.map((p) => p.attempt)).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(polls.map((p) => p.id))).toEqual(new Set(['vid_1']));
  });

  it('hands the job a killed instance was polling to a live one once the lease ran out', async () => {
    const queueName = `test-takeover-${randomUUID()}`;
    const leaseMs = 1_000;
    const fixture = join(import.meta.dirname, 'fixtures', 'hung-poller.ts');
    const child = spawn(process.execPath, [
      '--import',
      'tsx',
      fixture,
      redis!.url,
      queueName,
      String(leaseMs),
      '100',
    ]);
    const closed = once(child, 'close');
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('polling vid_hung')) resolve();
      });
    });
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await closed;
    const takenOver: string[] = [];
    let polled: (p: { id: string; attempt: number; at: number }) => void = () => {};
    const poll = new Promise<{ id: string; attempt: number; at: number }>((resolve) => {
      polled = resolve;
    });
    const survivor = createQueuePoller(
      { redisUrl: redis!.url, queueName, leaseMs, minMs: 100, maxMs: 100, maxConcurrent: 4 },
      {
        async poll(id, attempt): Promise<PollResult> {
          polled({ id, attempt, at: Date.now() });
          return { done: true };
        },
        onTakeover: (id) => takenOver.push(id),
      },
    );
    const got = await poll;
    await survivor.stop();
    expect(got).toMatchObject({ id: 'vid_hung', attempt: 0 });
    expect(takenOver).toEqual(['vid_hung']);
    process.stdout.write(
      `queue takeover: ${got.at - killedAt} ms after the kill (lease ${leaseMs}, interval 100)\n`,
    );
  });

  it('tells whether the queue holds a job (the sweep queues the jobs it does not)', async () => {
    const queueName = `test-queued-${randomUUID()}`;
    const config = {
      redisUrl: redis!.url,
      queueName,
      leaseMs: 2_000,
      minMs: 60_000,
      maxMs: 60_000,
      maxConcurrent: 4,
    };
    const poll = async (): Promise<PollResult> => ({ done: true });
    const a = createQueuePoller(config, { poll });
    a.add('vid_queued', { delayMs: 60_000 });
    await a.stop(); // waits for the add
    const b = createQueuePoller(config, { poll });
    expect(await b.isQueued!('vid_queued')).toBe(true);
    expect(await b.isQueued!('vid_lost')).toBe(false);
    await b.stop();
  });

  it("looks for a dead instance's jobs every poll interval (at most every half lease), not every 30 s", () => {
    // takeover = the rest of the lease + up to one stalled check; idle workers look again as often
    expect(workerTiming({ leaseMs: 30_000, minMs: 5_000 })).toEqual({
      lockDuration: 30_000,
      lockRenewTime: 10_000,
      stalledInterval: 5_000,
      drainDelay: 5,
    });
    expect(workerTiming({ leaseMs: 3_000, minMs: 300 })).toMatchObject({
      stalledInterval: 300,
      drainDelay: 0.3,
    });
    expect(workerTiming({ leaseMs: 2_000, minMs: 5_000 })).toMatchObject({ stalledInterval: 1_000 });
  });

  it('reads host, port, password, database and TLS from the URL', () => {
    expect(connectionFrom('rediss://user:p%40ss@redis.example:6380/2')).toEqual({
      host: 'redis.example',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: {},
      maxRetriesPerRequest: null,
    });
    expect(connectionFrom('redis://127.0.0.1')).toMatchObject({ host: '127.0.0.1', port: 6379 });
  });
});
