/**
 * The text of a job's one status message: what it is, where it stands, for how long, a progress
 * bar when progress can be estimated, the model, and the Cancel button while it runs.
 */
import { mention } from '../command-model/command-ref.js';
import type { OutgoingMessage } from '../surface/reply-surface.js';
import type { VideoJobRecord } from './video-jobs.js';

export const CANCEL_ACTION = 'video-cancel';

const LABEL: Record<VideoJobRecord['status'], string> = {
  pending: '🕒 Queued',
  in_progress: '⏳ Generating',
  completed: '✅ Done',
  failed: '❌ Failed',
  cancelled: '🚫 Cancelled by the provider',
  expired: '⌛ Expired',
};

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatCost(cost: number | undefined): string | undefined {
  if (cost === undefined) return undefined;
  return `$${cost < 0.01 && cost > 0 ? cost.toFixed(4) : cost.toFixed(2)}`;
}

/** `▓▓▓▓▓░░░░░ 50%` for a fraction in [0, 1]. */
export function progressBar(fraction: number, width = 12): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.round(f * width);
  return `\`${'▓'.repeat(full)}${'░'.repeat(width - full)}\` ${Math.round(f * 100)}%`;
}

/**
 * Progress as a fraction: the job's own `progress` field when OpenRouter sends one (0-1 or 0-100),
 * else elapsed time over how long this model took before, held below 95% until it is done.
 */
export function estimateProgress(
  job: { status: VideoJobRecord['status']; progress?: unknown },
  elapsedMs: number,
  typicalMs: number | undefined,
): number | undefined {
  if (job.status === 'completed') return 1;
  if (typeof job.progress === 'number' && Number.isFinite(job.progress) && job.progress >= 0)
    return job.progress > 1 ? Math.min(1, job.progress / 100) : job.progress;
  if (job.status !== 'in_progress' || !typicalMs || typicalMs <= 0) return undefined;
  return Math.min(0.95, elapsedMs / typicalMs);
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The text as one sentence: exactly one full stop at the end. */
const sentence = (text: string) => `${text.replace(/[.!\s]+$/, '')}.`;

function why(job: VideoJobRecord): string | undefined {
  if (job.stoppedBy)
    return `Stopped following by ${mention(job.stoppedBy)}: no video will be posted here. OpenRouter has no cancel call, so the provider may still finish (and bill) the job.`;
  const error = job.error ? sentence(clip(job.error, 400)) : undefined;
  if (job.status === 'failed') return `Why: ${error ?? 'OpenRouter gave no reason.'}`;
  if (job.status === 'cancelled')
    return `Why: ${error ?? 'the job was cancelled before it finished.'} Nothing was generated.`;
  if (job.status === 'expired')
    return `Why: ${error ?? 'the job ran past its time to live.'} Nothing was delivered; please try again.`;
  return undefined;
}

export function statusMessage(
  job: VideoJobRecord,
  opts: { now: number; progress?: number; note?: string },
): OutgoingMessage {
  const end = job.finishedAt ?? opts.now;
  const elapsed = formatDuration(end - job.createdAt);
  const running = job.phase === 'following' && !job.stoppedBy;
  const head = job.stoppedBy ? '⏹️ Stopped' : LABEL[job.status];
  const lines = [
    `🎬 **Video** — “${clip(job.prompt, 180)}”`,
    `${head} · ${running ? '' : 'after '}${elapsed}`,
  ];
  if (running && opts.progress !== undefined) lines.push(progressBar(opts.progress));
  const reason = why(job);
  if (reason) lines.push(reason);
  if (opts.note) lines.push(opts.note);
  const cost = formatCost(job.cost);
  const footer = [job.model, cost ? `cost ${cost}` : undefined, job.generationId ?? undefined]
    .filter(Boolean)
    .join(' · ');
  return {
    text: lines.join('\n'),
    footer,
    ...(running
      ? { buttons: [{ action: CANCEL_ACTION, value: job.id, label: 'Cancel', style: 'danger' as const }] }
      : {}),
  };
}
