/**
 * Counts and times every streamed answer for the ops metrics: started, then finished, failed,
 * stopped (by a user) or interrupted (by a shutdown); time to the first text and to the final edit.
 */
import { passThrough } from '../common/pass-through.js';
import type { Metrics } from '../ops/metrics.js';
import { isRestart } from './active-streams.js';

type Outcome = { completed: boolean; stopped: boolean; error?: unknown };

export async function measureAnswer<R extends Outcome>(
  metrics: Metrics,
  source: AsyncIterable<string>,
  signal: AbortSignal | undefined,
  run: (source: AsyncIterable<string>) => Promise<R>,
): Promise<R> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  metrics.answers.inc({ outcome: 'started' });
  let first = true;
  // a hand-written pass-through rather than an async generator: one promise per delta
  const timed = passThrough(() => source[Symbol.asyncIterator](), {
    onItem(delta) {
      if (first && delta) {
        first = false;
        metrics.firstTokenSeconds.observe(seconds());
      }
    },
  });
  const result = await run(timed);
  metrics.finalEditSeconds.observe(seconds());
  const outcome = result.stopped
    ? isRestart(signal?.reason)
      ? 'interrupted'
      : 'stopped'
    : result.completed
      ? 'finished'
      : 'failed';
  metrics.answers.inc({ outcome });
  return result;
}
