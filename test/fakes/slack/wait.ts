/** Event-driven waiting: the probe re-runs on every state change (API call, ack, delivery). */
import type { SlackState } from './state.js';

export type WaitFor = <T>(probe: () => T | undefined | false | null, timeoutMs?: number) => Promise<T>;

export function makeWaitFor(state: SlackState, defaultTimeout: number): WaitFor {
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
        const recent = state.calls
          .slice(-6)
          .map((c) => `${c.method}${c.ok ? '' : ` (${c.error})`}`)
          .join(', ');
        reject(
          new Error(
            `fake slack: waitFor timed out after ${timeoutMs} ms (probe: ${probe.toString().slice(0, 200)}); ` +
              `last calls: ${recent || 'none'}`,
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
