/**
 * Discord's 50 requests per second are per bot, not per process. With several instances on one Redis,
 * every REST request first takes a slot in one sliding window shared by all of them (the store's
 * atomic windows), so N instances together stay within the bot's budget however the work is spread.
 * Interaction callbacks are not counted (Discord exempts them from the global limit).
 */
import { DefaultRestOptions } from '@discordjs/rest';
import type { SlidingWindows } from '../../src/state/primitives/contract.js';

type MakeRequest = typeof DefaultRestOptions.makeRequest;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sharedRestBudget(
  windows: SlidingWindows,
  config: { perSecond: number; key?: string },
  onError?: (err: unknown) => void,
): MakeRequest {
  const key = config.key ?? 'discord-rest-global';
  async function take(): Promise<void> {
    for (;;) {
      const hit = await windows.hit(key, config.perSecond, 1_000).catch((err: unknown) => {
        onError?.(err);
        return undefined; // the store is unreachable: the local limiter still holds this process
      });
      if (!hit || hit.allowed) return;
      await sleep(Math.max(1, hit.retryAfterMs));
    }
  }
  return async (url, init) => {
    if (!/\/interactions\/[^/]+\/[^/]+\/callback/.test(url)) await take();
    return DefaultRestOptions.makeRequest(url, init);
  };
}
