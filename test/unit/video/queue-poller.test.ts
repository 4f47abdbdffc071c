/**
 * The BullMQ poll loop on a private Redis, with two pollers standing for two instances: a job added by
 * both is polled once per step (jobId dedupe), by whichever instance is free, until it is done; the
 * backoff is the embedded poller's.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionFrom, createQueuePoller } from '../../../src/video/queue-poller.js';
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
