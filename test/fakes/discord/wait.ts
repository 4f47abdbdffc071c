/** Event-driven waiting (re-checked on every state change) and edit-rate helpers. */
import type { FakeState } from './state.js';

export type WaitFor = <T>(probe: () => T | undefined | false | null, timeoutMs?: number) => Promise<T>;

/** A `waitFor` that re-runs `probe` after every REST request and gateway event; rejects on timeout. */
export function makeWaitFor(state: FakeState, defaultTimeout: number): WaitFor {
  return <T>(probe: () => T | undefined | false | null, timeoutMs = defaultTimeout): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let done = false;
      const check = () => {
        if (done) return;
        let value: T | undefined | false | null;
        try {
          value = probe();
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (value !== undefined && value !== false && value !== null) {
          finish();
          resolve(value);
        }
      };
      const off = state.onChange(check);
      const timer = setTimeout(() => {
        finish();
        const recent = state.requests
          .slice(-5)
          .map((r) => `${r.method} ${r.path}`)
          .join(', ');
        reject(
          new Error(
            `fake discord: waitFor timed out after ${timeoutMs} ms (probe: ${probe.toString().slice(0, 200)}); ` +
              `last requests: ${recent || 'none'}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        done = true;
        off();
        clearTimeout(timer);
      };
      check();
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
