/**
 * One poll of one job, as the poller runs it: ask OpenRouter for the status, store it, update the
 * status message, and once the job is finished post the result exactly once: under a claim (so two
 * pollers cannot both post), re-checking the stored phase after claiming, and recording each
 * output as it is posted.
 */
import type { Logger } from 'pino';
import type { OpenRouterClient, VideoJob } from '../openrouter/index.js';
import { OpenRouterError } from '../openrouter/index.js';
import type { Surfaces } from '../surface/surface-factories.js';
import type { VideoDelivery } from './video-delivery.js';
import type { VideoJobRecord, VideoJobs } from './video-jobs.js';
import type { StatusNotifier } from './video-notify.js';
import type { PollResult } from './video-poller.js';
import { estimateProgress } from './video-status.js';

export interface FollowConfig {
  /** Retry soon (not on the backoff) while a platform is offline or another poller delivers. */
  retryMs: number;
  /** How long a delivery claim lasts when its poller dies mid-delivery. */
  leaseMs: number;
  /** Stop following a job OpenRouter never finishes. */
  giveUpAfterMs: number;
  /** Failed delivery attempts before the result is only linked. */
  maxDeliveryFailures: number;
}

export interface FollowDeps {
  client: Pick<OpenRouterClient, 'getVideo'>;
  jobs: VideoJobs;
  delivery: VideoDelivery;
  notifier: StatusNotifier;
  surfaces: Pick<Surfaces, 'open'>;
  logger: Logger;
  now(): number;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);

export function createVideoFollower(config: FollowConfig, deps: FollowDeps) {
  const { jobs, logger, notifier } = deps;

  function patchFrom(job: VideoJob, rec: VideoJobRecord): Partial<VideoJobRecord> {
    const terminal = TERMINAL.has(job.status);
    return {
      status: job.status,
      polls: rec.polls + 1,
      ...(job.generation_id ? { generationId: job.generation_id } : {}),
      ...(job.unsigned_urls ? { unsignedUrls: job.unsigned_urls } : {}),
      ...(job.usage?.cost != null ? { cost: job.usage.cost } : {}),
      ...(job.error ? { error: job.error } : {}),
      ...(terminal
        ? { finishedAt: deps.now(), phase: job.status === 'completed' ? 'delivering' : 'done' }
        : {}),
    };
  }

  async function poll(rec: VideoJobRecord): Promise<PollResult> {
    const overdue = deps.now() - rec.createdAt > config.giveUpAfterMs;
    const stale: VideoJob = {
      id: rec.id,
      polling_url: '',
      status: 'expired',
      error: 'it did not finish in time, so the bot stopped waiting',
    };
    let job: VideoJob;
    try {
      job = (await deps.client.getVideo(rec.id)).data;
    } catch (err) {
      if (err instanceof OpenRouterError && err.status === 404)
        job = {
          id: rec.id,
          polling_url: '',
          status: 'failed',
          error: 'OpenRouter no longer knows this job.',
        };
      else if (overdue) job = stale;
      else throw err;
    }
    if (overdue && !TERMINAL.has(job.status)) job = { ...job, ...stale };
    const next = await jobs.update(rec.id, (cur) =>
      cur.phase === 'following' ? patchFrom(job, cur) : undefined,
    );
    if (!next || next.stoppedBy) return { done: true };
    if (next.phase === 'delivering') return deliver(next);
    if (next.phase === 'done') {
      logger.info(
        { job: rec.id, model: rec.model, status: next.status, error: next.error },
        'video job ended',
      );
      await notifier.show(next, { final: true });
      return { done: true };
    }
    const elapsed = deps.now() - rec.createdAt;
    const progress = estimateProgress(job, elapsed, await notifier.typicalMs(rec.model));
    await notifier.show(next, progress !== undefined ? { progress } : {});
    return {};
  }

  async function deliver(rec: VideoJobRecord): Promise<PollResult> {
    const surface = await deps.surfaces.open(rec.location, rec.userId).catch(() => undefined);
    if (!surface) {
      // the channel is gone or its platform is no longer connected: wait, but not forever
      if (deps.now() - (rec.finishedAt ?? rec.createdAt) <= config.giveUpAfterMs)
        return { delayMs: config.retryMs };
      await jobs.update(rec.id, () => ({ phase: 'done' }));
      logger.warn(
        { job: rec.id, location: rec.location },
        'video finished but its channel cannot be reached; given up',
      );
      return { done: true };
    }
    const token = await jobs.claim(rec.id, config.leaseMs);
    if (!token) return { delayMs: config.retryMs };
    // the claim is renewed while the upload runs; only a dead instance's claim runs out
    const renew = setInterval(
      () => void jobs.extend(rec.id, token, config.leaseMs).catch(() => undefined),
      Math.max(10, Math.floor(config.leaseMs / 3)),
    );
    renew.unref?.();
    try {
      const cur = await jobs.get(rec.id);
      if (cur?.phase !== 'delivering') return { done: true };
      await notifier.show(cur, { progress: 1, note: 'Posting the video…' });
      const result = await deps.delivery.deliver(cur, surface, async (index) => {
        await jobs.update(rec.id, (c) => ({ delivered: [...(c.delivered ?? []), index] }));
      });
      await finish(cur, result);
      return { done: true };
    } catch (err) {
      return giveUpAfterFailures(rec.id, err);
    } finally {
      clearInterval(renew);
      await jobs.release(rec.id, token);
    }
  }

  /**
   * The job is delivered: the one instance whose update moves it to done (updates are serialised per
   * job across instances) logs it, and the metrics count it in that same update, so a delivery is
   * logged and counted once even when two instances finish it. The status edit and the timing
   * statistic come afterwards and cannot turn a posted video into a failed delivery.
   */
  async function finish(cur: VideoJobRecord, result: { uploaded: number; linked: number }) {
    let finished = false;
    const done = await jobs.update(cur.id, (c) => {
      if (c.phase !== 'delivering') return undefined;
      finished = true;
      return { phase: 'done' };
    });
    if (!finished || !done) return;
    logger.info(
      {
        job: cur.id,
        model: cur.model,
        generationId: cur.generationId,
        cost: cur.cost,
        ...result,
        durationMs: (cur.finishedAt ?? deps.now()) - cur.createdAt,
      },
      'video delivered',
    );
    await notifier.show(done, { final: true });
    await notifier
      .learn(cur)
      .catch((err: unknown) => logger.warn({ err, job: cur.id }, 'could not record how long the video took'));
  }

  /** A delivery that keeps failing (e.g. the platform refuses the file) ends with the links instead. */
  async function giveUpAfterFailures(id: string, err: unknown): Promise<PollResult> {
    const rec = await jobs.update(id, (c) => ({ deliveryFailures: (c.deliveryFailures ?? 0) + 1 }));
    if (!rec || (rec.deliveryFailures ?? 0) < config.maxDeliveryFailures) throw err;
    logger.error({ err, job: id }, 'giving up posting the video');
    const done = await jobs.update(id, () => ({ phase: 'done' }));
    const links = (rec.unsignedUrls ?? []).join(' ');
    const note = `Could not post the video here.${links ? ` Links: ${links}` : ''}`;
    if (done) await notifier.show(done, { final: true, note });
    return { done: true };
  }

  return {
    /** The poller's work for one job id. */
    async step(id: string): Promise<PollResult> {
      const rec = await jobs.get(id);
      if (!rec || rec.phase === 'done') return { done: true };
      if (rec.phase === 'delivering') return deliver(rec);
      if (!rec.statusRef) await notifier.show(rec);
      return poll(rec);
    },
  };
}

export type VideoFollower = ReturnType<typeof createVideoFollower>;
