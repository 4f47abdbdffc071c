/**
 * Reads a text source in the background so a renderer can show the latest state at its own pace:
 * `wait(n)` resolves once more than `n` characters arrived (true) or the source ended (false).
 * An abort of `signal` ends the source as stopped; any other failure is kept as `error`.
 */
export interface TextPump {
  readonly text: string;
  wait(known: number): Promise<boolean>;
  readonly settled: Promise<{ stopped: boolean; error?: unknown }>;
}

export function createTextPump(it: AsyncIterator<string>, signal?: AbortSignal): TextPump {
  let text = '';
  let done = false;
  let wake: (() => void) | undefined;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  const settled = (async () => {
    let error: unknown;
    try {
      for (;;) {
        if (signal?.aborted) break;
        const r = await it.next();
        if (r.done || signal?.aborted) break;
        text += r.value;
        poke();
      }
    } catch (err) {
      if (!signal?.aborted) error = err;
    } finally {
      if (signal?.aborted) await it.return?.().catch(() => undefined);
      done = true;
      poke();
    }
    return signal?.aborted
      ? { stopped: true }
      : error === undefined
        ? { stopped: false }
        : { stopped: false, error };
  })();
  return {
    get text() {
      return text;
    },
    async wait(known) {
      while (text.length <= known && !done) await new Promise<void>((resolve) => (wake = resolve));
      return text.length > known;
    },
    settled,
  };
}

/** `first`, then the rest of `it` (or the failure that ended it): for a hand-over to another driver. */
export async function* replay(
  first: string,
  it: AsyncIterator<string>,
  failure?: { error: unknown },
  ended = false,
): AsyncGenerator<string> {
  if (first) yield first;
  if (failure) throw failure.error;
  if (ended) return;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    yield r.value;
  }
}
