/** A clock whose time only moves when a test says so; timers fire in time order as it advances. */
import type { PollerClock } from '../../src/video/video-poller.js';

export interface ManualClock extends PollerClock {
  /** Timers not yet fired. */
  pending(): number;
  /** Moves time forward by `ms`, firing due timers in order and letting the work they start settle. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise chains (and real I/O callbacks already queued) run. */
  settle(): Promise<void>;
}

/** `settleRounds`: event-loop turns given to the work a timer started (fewer = cheaper, for benchmarks). */
export function createManualClock(start = 0, settleRounds = 5): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async () => {
    for (let i = 0; i < settleRounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    settle,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const t of timers) if (t[1].at <= target && (!next || t[1].at < next[1].at)) next = t;
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = target;
      await settle();
    },
  };
}
