/**
 * Shows a job's status message through a surface re-opened from the stored location (never the
 * interaction that started it), and remembers how long each model takes so later jobs get a
 * progress estimate. Intermediate updates are best-effort: they are skipped while the channel's
 * edit budget is used up (one edit is left for other answers there); final ones always go out.
 */
import type { Logger } from 'pino';
import type { StateStore } from '../state/store.js';
import type { SurfaceLimits } from '../surface/reply-surface.js';
import type { Surfaces } from '../surface/surface-factories.js';
import type { VideoJobRecord, VideoJobs } from './video-jobs.js';
import { statusMessage } from './video-status.js';

export interface NotifyDeps {
  surfaces: Surfaces;
  jobs: VideoJobs;
  store: StateStore;
  logger: Logger;
  now(): number;
}

export interface ShowOptions {
  progress?: number;
  note?: string;
  /** A final state: sent even when the channel's edit budget is used up. */
  final?: boolean;
}

export interface NotifyConfig {
  /**
   * How long a status message the submitting instance is still posting keeps the poller from posting
   * another (after that, its instance is taken for dead and the poller posts one).
   */
  postingGraceMs?: number;
}

export function createStatusNotifier(config: NotifyConfig, deps: NotifyDeps) {
  const grace = config.postingGraceMs ?? 30_000;
  const stats = deps.store.namespace('video-stats');
  const windows = new Map<string, number[]>();

  /** Sliding window per channel; status edits may use all but one of the channel's edits. */
  function fits(key: string, budget: SurfaceLimits['channelEditBudget']): boolean {
    const now = deps.now();
    const stamps = (windows.get(key) ?? []).filter((t) => t > now - budget.windowMs);
    const ok = stamps.length < Math.max(1, budget.edits - 1);
    if (ok) stamps.push(now);
    if (stamps.length > 0) windows.set(key, stamps);
    else windows.delete(key);
    return ok;
  }

  return {
    /** Edits (or, when it was never posted, posts) the status; false while the platform is offline. */
    async show(rec: VideoJobRecord, opts: ShowOptions = {}): Promise<boolean> {
      const surface = await deps.surfaces.open(rec.location, rec.userId).catch((err: unknown) => {
        deps.logger.warn({ err, job: rec.id }, 'could not reopen the video surface');
        return undefined;
      });
      if (!surface) return false;
      const posting = rec.statusPostingAt !== undefined && deps.now() - rec.statusPostingAt < grace;
      if (!rec.statusRef && posting && !opts.final) return true;
      const key = `${rec.location.platform}:${rec.location.threadId ?? rec.location.channelId}`;
      if (rec.statusRef && !opts.final && !fits(key, surface.limits.channelEditBudget)) return true;
      const message = statusMessage(rec, {
        now: deps.now(),
        ...(opts.progress !== undefined ? { progress: opts.progress } : {}),
        ...(opts.note ? { note: opts.note } : {}),
      });
      try {
        if (rec.statusRef) await surface.edit(rec.statusRef, message);
        else {
          const ref = await surface.post(message);
          await deps.jobs.update(rec.id, () => ({ statusRef: ref }));
        }
      } catch (err) {
        deps.logger.warn({ err, job: rec.id }, 'could not update the video status message');
      }
      return true;
    },
    /** How long this model's jobs took lately (undefined before the first one finished). */
    async typicalMs(model: string): Promise<number | undefined> {
      return (await stats.get<{ typicalMs: number }>(model))?.typicalMs;
    },
    async learn(rec: VideoJobRecord): Promise<void> {
      const took = (rec.finishedAt ?? deps.now()) - rec.createdAt;
      const before = await this.typicalMs(rec.model);
      await stats.set(rec.model, { typicalMs: before ? Math.round(before * 0.7 + took * 0.3) : took });
    },
  };
}

export type StatusNotifier = ReturnType<typeof createStatusNotifier>;
