/** Event-driven waiting (re-checked on every state change) and edit-rate helpers. */
import { createWaitFor, type WaitFor } from '../wait-for.js';
import type { FakeState } from './state.js';

export type { WaitFor };

/** A `waitFor` that re-runs `probe` after every REST request and gateway event; rejects on timeout. */
export function makeWaitFor(state: FakeState, defaultTimeout: number): WaitFor {
  return createWaitFor(state, defaultTimeout, {
    name: 'fake discord',
    recent: () =>
      `requests: ${state.requests
        .slice(-5)
        .map((r) => `${r.method} ${r.path}`)
        .join(', ')}`,
  });
}

/** The largest number of timestamps inside any window of `windowMs`. */
export function maxInWindow(timestamps: readonly number[], windowMs: number): number {
  const times = [...timestamps].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi]! - times[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
