/**
 * The video use case, platform-free: check the options against the model, submit POST /videos,
 * post the one status message, store the job, and hand it to the single poller. Started with the
 * app (resuming every unfinished job found in the store) and stopped with it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Attachment, Invocation } from '../command-model/command-types.js';
import type { OpenRouterClient, VideoRequest } from '../openrouter/index.js';
import type { Metrics } from '../ops/metrics.js';
import { createInstancePresence, type InstancePresence } from '../state/instance-presence.js';
import type { StateStore } from '../state/store.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import type { Surfaces } from '../surface/surface-factories.js';
import { createQueuePoller, type QueuePollerDeps } from './queue-poller.js';
import { createVideoDelivery } from './video-delivery.js';
import { createVideoFollower } from './video-follow.js';
import { imageUrl } from './video-image.js';
import { createVideoJobs, type VideoJobRecord } from './video-jobs.js';
import { countedJobs } from './video-metrics.js';
import { createVideoModels, type VideoModels, type VideoOptions } from './video-models.js';
import { createStatusNotifier } from './video-notify.js';
import { startOrphanSweep } from './video-orphans.js';
import {
  createVideoPoller,
  type PollerClock,
  type PollerConfig,
  type PollScheduler,
  realClock,
} from './video-poller.js';
import { statusMessage } from './video-status.js';
import { createSubmitGuard } from './video-submits.js';

export interface VideoServiceConfig {
  defaultModel: string;
  pollMinMs: number;
  pollMaxMs: number;
  maxConcurrentPolls: number;
  maxImageBytes: number;
  /** How long a dead instance's running poll or delivery keeps its job before another takes it over. */
  leaseMs?: number;
  giveUpAfterMs?: number;
  /** With Redis, jobs run on BullMQ so every instance follows every job; without, the embedded poller. */
  queue?: { redisUrl: string };
}

export interface VideoServiceDeps {
  client: OpenRouterClient;
  store: StateStore;
  surfaces: Surfaces;
  logger: Logger;
  clock?: PollerClock;
  random?: () => number;
  metrics?: Metrics;
  /** This process among several instances (the app's; one of its own when omitted, e.g. in tests). */
  presence?: InstancePresence;
}

export interface SubmitInput {
  options: Omit<VideoOptions, 'model' | 'image'> & { model?: string };
  image?: Attachment;
  reply: ReplySurface;
  userId: string;
  signal?: AbortSignal;
  /** Who it is for: billed to them, under the rules where they asked (the system's when absent). */
  invocation?: Invocation;
}

export type CancelOutcome = 'stopped' | 'not-yours' | 'finished' | 'unknown';

export interface VideoService {
  readonly models: VideoModels;
  readonly defaultModel: string;
  submit(input: SubmitInput): Promise<VideoJobRecord>;
  cancel(jobId: string, by: { userId: string; isAdmin: boolean }): Promise<CancelOutcome>;
  /** Resume every unfinished job in the store (called once by the app). */
  start(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_LEASE_MS = 30_000;

function pollLoop(config: VideoServiceConfig, deps: QueuePollerDeps): PollScheduler {
  const loop: PollerConfig = {
    minMs: config.pollMinMs,
    maxMs: config.pollMaxMs,
    maxConcurrent: config.maxConcurrentPolls,
  };
  if (!config.queue) return createVideoPoller(loop, deps);
  const leaseMs = config.leaseMs ?? DEFAULT_LEASE_MS;
  return createQueuePoller({ ...loop, redisUrl: config.queue.redisUrl, leaseMs }, deps);
}

export function createVideoService(config: VideoServiceConfig, deps: VideoServiceDeps): VideoService {
  const clock = deps.clock ?? realClock;
  const random = deps.random ?? Math.random;
  const logger = deps.logger.child({ feature: 'video' });
  const leaseMs = config.leaseMs ?? DEFAULT_LEASE_MS;
  const jobs = countedJobs(createVideoJobs(deps.store, { leaseMs }), deps.metrics);
  const ownsPresence = !deps.presence;
  const presence =
    deps.presence ??
    createInstancePresence(
      { id: randomUUID() },
      { store: deps.store, onError: (err) => logger.warn({ err }, 'could not renew this instance') },
    );
  const submits = createSubmitGuard(deps.store, logger, presence.id);
  const models = createVideoModels({}, { client: deps.client, now: () => clock.now() });
  const now = () => clock.now();
  const notifier = createStatusNotifier(
    { postingGraceMs: leaseMs },
    { surfaces: deps.surfaces, jobs, store: deps.store, logger, now },
  );
  const follower = createVideoFollower(
    {
      retryMs: config.pollMinMs,
      leaseMs,
      giveUpAfterMs: config.giveUpAfterMs ?? 6 * 60 * 60_000,
      maxDeliveryFailures: 3,
    },
    {
      client: deps.client,
      jobs,
      delivery: createVideoDelivery({}, { client: deps.client, logger }),
      notifier,
      surfaces: deps.surfaces,
      logger,
      now,
    },
  );
  const poller = pollLoop(config, {
    poll: (id) => follower.step(id),
    clock,
    random,
    onError: (id, err) => logger.warn({ err, job: id }, 'video poll failed; will retry'),
    onQueueError: (err) => logger.error({ err }, 'video job queue error'),
    onTakeover: (id) => logger.info({ job: id }, 'video job taken over from an instance that stopped'),
  });
  deps.metrics?.watch('queueDepth', () => poller.size, 'video');
  let started: Promise<void> | undefined;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  // with several instances, a job whose instance died before queueing it (while posting its status)
  // is queued by a survivor: found within a lease of its creation, then polled after its backoff
  const isQueued = poller.isQueued?.bind(poller);
  const stopSweep = isQueued
    ? startOrphanSweep(
        { everyMs: Math.round(leaseMs / 2), minAgeMs: Math.round(leaseMs / 2) },
        {
          jobs,
          poller: { add: (id, opts) => poller.add(id, opts), isQueued },
          now,
          onError: (err) => logger.warn({ err }, 'could not look for unqueued video jobs'),
          onRequeued: (id) => logger.info({ job: id }, 'video job was not queued; queued it'),
        },
      )
    : async () => {};

  return {
    models,
    defaultModel: config.defaultModel,
    async submit(input) {
      const model = input.options.model ?? config.defaultModel;
      const body: VideoRequest = await models.check({ ...input.options, model, image: !!input.image });
      if (input.image)
        body.frame_images = [
          {
            type: 'image_url',
            image_url: { url: await imageUrl(input.image, config.maxImageBytes, input.signal) },
            frame_type: 'first_frame',
          },
        ];
      const marker = await submits.begin({
        userId: input.userId,
        model,
        prompt: input.options.prompt,
        at: clock.now(),
        location: input.reply.location,
      });
      const { data } = await deps.client
        .createVideo(body, {
          ...(input.signal ? { signal: input.signal } : {}),
          ...(input.invocation ? { invocation: input.invocation } : {}),
        })
        .catch(async (err: unknown) => {
          await submits.end(marker); // refused: nothing started, nothing to report later
          throw err;
        });
      const record: VideoJobRecord = {
        id: data.id,
        model,
        prompt: input.options.prompt,
        userId: input.userId,
        location: input.reply.location,
        createdAt: clock.now(),
        phase: 'following',
        status: data.status,
        polls: 0,
        statusPostingAt: clock.now(),
        ...(data.generation_id ? { generationId: data.generation_id } : {}),
      };
      await jobs.create(record);
      // queued at once: an instance that dies while posting the status leaves no job nobody follows
      poller.add(record.id);
      await submits.end(marker);
      logger.info({ job: record.id, model, user: input.userId }, 'video job submitted');
      try {
        const statusRef = await input.reply.post(statusMessage(record, { now: clock.now() }));
        const stored = await jobs.update(record.id, () => ({ statusRef, statusPostingAt: undefined }));
        return stored ?? { ...record, statusRef };
      } catch (err) {
        // the job is stored and followed all the same: its next poll posts the status via the channel
        logger.warn({ err, job: record.id }, 'could not post the video status; the poller will');
        const stored = await jobs
          .update(record.id, () => ({ statusPostingAt: undefined }))
          .catch(() => undefined);
        return stored ?? record;
      }
    },
    async cancel(jobId, by) {
      const rec = await jobs.get(jobId);
      if (!rec) return 'unknown';
      if (rec.userId !== by.userId && !by.isAdmin) return 'not-yours';
      let stopped = false;
      const next = await jobs.update(jobId, (cur) => {
        if (cur.phase !== 'following') return undefined;
        stopped = true;
        return { phase: 'done', stoppedBy: by.userId, finishedAt: clock.now() };
      });
      if (!stopped || !next) return 'finished';
      poller.remove(jobId);
      logger.info({ job: jobId, by: by.userId }, 'video job no longer followed');
      await notifier.show(next, { final: true });
      return 'stopped';
    },
    start() {
      started ??= (async () => {
        const open = await jobs.unfinished();
        for (const rec of open)
          poller.add(rec.id, { attempt: rec.polls, delayMs: Math.round(random() * config.pollMinMs) });
        if (open.length > 0) logger.info({ jobs: open.length }, 'resumed video jobs');
        // adapters connect after the app starts: keep trying for a while to tell interrupted submits
        // with several instances, keep looking: an instance that dies mid-submit is reported by a survivor
        const tell = async (left: number) => {
          const waiting = await submits
            .reportInterrupted(deps.surfaces, (owner) => presence.isAlive(owner))
            .catch(() => 0);
          if (closed) return;
          if (waiting > 0 && left > 0) retryTimer = setTimeout(() => void tell(left - 1), config.pollMinMs);
          else if (config.queue) retryTimer = setTimeout(() => void tell(0), config.pollMaxMs);
          retryTimer?.unref?.();
        };
        await tell(20);
      })().catch((err: unknown) => logger.error({ err }, 'could not resume video jobs'));
      return started;
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await stopSweep();
      await started;
      await poller.stop();
      if (ownsPresence) await presence.stop(); // the app's presence is the app's to stop
    },
  };
}
