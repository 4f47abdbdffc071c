/** Per-user rate limit of expensive commands (speech, video): N starts per rolling hour. */
import { PolicyError } from '../shared/errors.js';
import { createKeyedLock } from '../state/keyed-lock.js';
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
  const ns = deps.store.namespace('rate-expensive');
  const lock = createKeyedLock();
  return {
    take(platform, userId) {
      if (config.perHour <= 0) return Promise.resolve(async () => undefined);
      const key = `${platform}:${userId}`;
      return lock.run(key, async () => {
        const now = deps.now();
        const recent = ((await ns.get<number[]>(key)) ?? []).filter((t) => t > now - HOUR && t <= now);
        if (recent.length >= config.perHour) {
          const wait = Math.min(...recent) + HOUR - now;
          throw new PolicyError(
            'POLICY.RATE_LIMITED',
            `You can start ${config.perHour} expensive command${config.perHour === 1 ? '' : 's'} (speech, video) per hour. Try again in ${formatDuration(wait)}.`,
          );
        }
        await ns.set(key, [...recent, now], HOUR);
        // a command that failed on bad input or upstream gives its slot back
        return () =>
          lock.run(key, async () => {
            const kept = ((await ns.get<number[]>(key)) ?? []).filter((t) => t !== now);
            await ns.set(key, kept, HOUR);
          });
      });
    },
  };
}
