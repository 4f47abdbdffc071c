/**
 * measureAnswer's first-text timer as a hand-written pass-through: deltas untouched and in order,
 * the first non-empty delta observed once, the source closed on a break, errors passed on as they are.
 */
import { describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../../src/ops/metrics.js';
import { measureAnswer } from '../../../src/streaming/answer-metrics.js';
import { drain, scripted } from './fake-stream.js';

const ok = { completed: true, stopped: false };

async function firstTextCount(metrics: Metrics): Promise<number> {
  const data = await metrics.firstTokenSeconds.get();
  return data.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
}

describe('measureAnswer (first-text timer)', () => {
  it('passes the deltas through in order and observes the first non-empty one once', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const source = scripted(['', 'a', '', 'b', 'c']);
    let counted = -1;
    const result = await measureAnswer(metrics, source, undefined, async (timed) => {
      const it = timed[Symbol.asyncIterator]();
      const seen: string[] = [];
      expect(await it.next()).toEqual({ value: '', done: false });
      seen.push('');
      expect(await firstTextCount(metrics)).toBe(0);
      for (let r = await it.next(); !r.done; r = await it.next()) {
        seen.push(r.value);
        if (counted < 0) counted = await firstTextCount(metrics);
      }
      expect(seen).toEqual(['', 'a', '', 'b', 'c']);
      return ok;
    });
    expect(result).toBe(ok);
    expect(counted).toBe(1);
    expect(await firstTextCount(metrics)).toBe(1);
  });

  it('a break closes the source; next() after the end answers done without asking it', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const source = scripted(['a', 'b', 'c']);
    await measureAnswer(metrics, source, undefined, async (timed) => {
      for await (const _ of timed) break;
      expect(source.returns).toBe(1);
      const it = timed[Symbol.asyncIterator]();
      expect(await it.next()).toEqual({ value: undefined, done: true });
      expect(source.nexts).toBe(1);
      return ok;
    });
    const ended = scripted(['x']);
    await measureAnswer(metrics, ended, undefined, async (timed) => {
      expect((await drain(timed)).items).toEqual(['x']);
      const it = timed[Symbol.asyncIterator]();
      expect(await it.next()).toEqual({ value: undefined, done: true });
      expect(ended.nexts).toBe(2);
      await it.return?.();
      expect(ended.returns).toBe(0);
      return ok;
    });
  });

  it('a source error reaches the driver as the same object', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const failure = new Error('mid-stream');
    const out = await measureAnswer(metrics, scripted(['a'], failure), undefined, async (timed) => {
      const got = await drain(timed);
      return { completed: false, stopped: false, error: got.error, items: got.items };
    });
    expect(out.error).toBe(failure);
    expect(out.items).toEqual(['a']);
  });
});
