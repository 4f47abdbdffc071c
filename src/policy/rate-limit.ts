/**
 * Per-user rate limit of expensive commands (speech, video): N starts per sliding hour, on the store's
 * sliding window, so it holds exactly across concurrent requests and several bot processes.
 */
import { PolicyError } from '../common/errors.js';
import type { StateStore } from '../state/store.js';
import { formatDuration } from '../usage/periods.js';

const HOUR = 60 * 60 * 1000;

export interface RateLimiter {
  /** Takes one slot, or throws a PolicyError saying when to try again; returns how to give it back. */
  take(platform: string, userId: string): Promise<() => Promise<void>>;
}

export function createRateLimiter(
  config: { perHour: number },
  deps: { store: StateStore; now: () => number },
): RateLimiter {
  const { windows } = deps.store.atomic;
  return {
    async take(platform, userId) {
      if (config.perHour <= 0) return async () => undefined;
      const key = `expensive:${platform}:${userId}`;
      const hit = await windows.hit(key, config.perHour, HOUR, deps.now());
      if (!hit.allowed) {
        throw new PolicyError(
          'POLICY.RATE_LIMITED',
          `You can start ${config.perHour} expensive command${config.perHour === 1 ? '' : 's'} (speech, video) per hour. Try again in ${formatDuration(hit.retryAfterMs)}.`,
        );
      }
      // a command that failed on bad input or upstream gives its slot back
      return async () => {
        if (hit.id) await windows.forget(key, hit.id);
      };
    },
  };
}
