/**
 * Event-driven waiting shared by the fakes: the probe re-runs on every change the fake reports
 * (request, event, ack); a timeout names the probe and what the fake saw last.
 */
export type WaitFor = <T>(probe: () => T | undefined | false | null, timeoutMs?: number) => Promise<T>;

export interface Observable {
  /** Calls `listener` on every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export function createWaitFor(
  source: Observable,
  defaultTimeout: number,
  describe: { name: string; recent: () => string },
): WaitFor {
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
      const off = source.onChange(check);
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `${describe.name}: waitFor timed out after ${timeoutMs} ms (probe: ${probe.toString().slice(0, 200)}); ` +
              `last: ${describe.recent() || 'none'}`,
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
