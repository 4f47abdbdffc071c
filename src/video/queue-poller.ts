/**
 * The video poll loop on BullMQ (REDIS_URL set): one BullMQ job per video job (`jobId` = the video id,
 * so adding it twice is a no-op), moved back to `delayed` after every poll with the same backoff as the
 * embedded poller. Any live instance runs whichever job is due; a job that was running on an instance
 * that died is found stalled once its lock (the lease) expires and runs again elsewhere. A global
 * concurrency cap bounds the polls in flight across all instances.
 *
 * Takeover timing (see docs/several-instances.md): BullMQ finds a dead instance's running job in two
 * stalled checks (the first marks every active job, the next one moves the marked jobs whose lock is
 * gone back to waiting), so takeover takes the rest of the lease plus up to one check interval. The
 * check runs every poll interval (`minMs`, at most half the lease), not BullMQ's 30 s default. Workers
 * that found nothing to do (or the global cap reached) wait at most one poll interval for a wake-up
 * before they look again: jobs promoted while the cap was reached come with no wake-up of their own.
 */
import { createRequire } from 'node:module';
import type { Job } from 'bullmq';
import {
  backoffDelay,
  type PollerConfig,
  type PollerDeps,
  type PollResult,
  type PollScheduler,
} from './video-poller.js';

export interface QueuePollerConfig extends PollerConfig {
  redisUrl: string;
  /** How long a running poll keeps its job when its instance stops renewing (dies). */
  leaseMs: number;
  queueName?: string;
}

type BullMq = typeof import('bullmq');
let bullmq: BullMq | undefined;
/** BullMQ (and ioredis under it) are loaded by the first queue poller: an instance without Redis never pays for them. */
const loadBullMq = (): BullMq => {
  bullmq ??= createRequire(import.meta.url)('bullmq') as BullMq;
  return bullmq;
};

interface PollData {
  id: string;
  attempt: number;
}

/** BullMQ connection options from a redis:// or rediss:// URL (ioredis needs no retry cap for workers). */
export function connectionFrom(redisUrl: string) {
  const url = new URL(redisUrl);
  const db = Number(url.pathname.slice(1) || 0);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export const VIDEO_QUEUE = 'switchboard-video-polls';

export interface QueuePollerDeps extends PollerDeps {
  onQueueError?(err: unknown): void;
  /** A job whose instance stopped renewing its lease was found and handed to the live instances. */
  onTakeover?(id: string): void;
}

/** The worker's timing options, all derived from the lease and the poll interval. */
export function workerTiming(config: Pick<QueuePollerConfig, 'leaseMs' | 'minMs'>) {
  const checkMs = Math.max(100, Math.min(config.minMs, Math.round(config.leaseMs / 2)));
  return {
    lockDuration: config.leaseMs,
    // renewed every sixth to third of the lease (BullMQ's default: a quarter to a half), so an event
    // loop held up under load for up to ~2/3 of the lease keeps its jobs
    lockRenewTime: Math.max(50, Math.round(config.leaseMs / 3)),
    stalledInterval: checkMs,
    // seconds (BullMQ's unit): how long an idle worker blocks before looking for due jobs itself
    drainDelay: Math.min(5, Math.max(0.05, checkMs / 1000)),
  };
}

export function createQueuePoller(config: QueuePollerConfig, deps: QueuePollerDeps): PollScheduler {
  const { Queue, Worker, DelayedError } = loadBullMq();
  const random = deps.random ?? Math.random;
  const connection = connectionFrom(config.redisUrl);
  const name = config.queueName ?? VIDEO_QUEUE;
  const queue = new Queue<PollData>(name, { connection });
  const report = (err: unknown) => deps.onQueueError?.(err);
  queue.on('error', report);
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const p = work.catch(report).finally(() => pending.delete(p));
    pending.add(p);
  };
  track(queue.setGlobalConcurrency(config.maxConcurrent));
  // the jobs waiting or delayed across all instances, counted now and then (for the queue-depth gauge)
  let counted = 0;
  const recount = () =>
    track(
      queue.count().then((n) => {
        counted = n;
      }),
    );
  const counter = setInterval(recount, 5_000);
  counter.unref();

  const worker = new Worker<PollData>(
    name,
    async (job: Job<PollData>, token?: string) => {
      const { id, attempt } = job.data;
      const result = await deps.poll(id, attempt).catch((err: unknown): PollResult => {
        deps.onError?.(id, err);
        return {};
      });
      if (result.done) return 'done';
      const next = attempt + 1;
      await job.updateData({ id, attempt: next });
      await job.moveToDelayed(Date.now() + (result.delayMs ?? backoffDelay(next, config, random)), token);
      throw new DelayedError();
    },
    {
      connection,
      concurrency: config.maxConcurrent,
      ...workerTiming(config),
      // a job whose instance died is run again, however often that happens
      maxStalledCount: 1_000,
    },
  );
  worker.on('error', report);
  worker.on('stalled', (id) => deps.onTakeover?.(id));

  return {
    add(id, opts = {}) {
      const attempt = opts.attempt ?? 0;
      const delay = opts.delayMs ?? backoffDelay(attempt, config, random);
      track(
        queue.add('poll', { id, attempt }, { jobId: id, delay, removeOnComplete: true, removeOnFail: true }),
      );
    },
    async isQueued(id) {
      return (await queue.getJobState(id)) !== 'unknown';
    },
    remove(id) {
      // a running poll keeps its job; it ends by itself when it finds the record done
      track(queue.remove(id));
    },
    get size() {
      return counted;
    },
    async stop() {
      clearInterval(counter);
      await Promise.all([...pending]);
      await worker.close();
      await queue.close();
    },
  };
}
