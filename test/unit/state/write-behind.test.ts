import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BatchTarget, createWriteBehind } from '../../../src/state/write-behind.js';

/** A store that records each batch it is asked to commit. */
function recordingTarget(fail = false) {
  const batches: string[][] = [];
  const target: BatchTarget = {
    async writeMany(rows) {
      if (fail) throw new Error('disk full');
      batches.push(rows.map(([key, value]) => `${key}=${value}`));
    },
    async deleteMany(keys) {
      batches.push(keys.map((key) => `-${key}`));
    },
  };
  return { target, batches };
}

describe('write-behind batches', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('without an interval, commits every event-loop turn’s writes together', async () => {
    const { target, batches } = recordingTarget();
    const writes = createWriteBehind(target);
    const first = [writes.put('a', '1'), writes.put('b', '1'), writes.put('a', '2')];
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(first);
    const second = writes.put('c', '1');
    await vi.advanceTimersByTimeAsync(0);
    await second;
    expect(batches).toEqual([['b=1', 'a=2'], ['c=1']]);
  });

  it('with an interval, writes that need not go soon wait for it, and a write that must pulls them along', async () => {
    const { target, batches } = recordingTarget();
    const writes = createWriteBehind(target, undefined, { intervalMs: 200 });
    const first = writes.put('a', '1', false);
    await vi.advanceTimersByTimeAsync(0); // after a quiet spell nothing holds it back
    await first;
    expect(batches).toEqual([['a=1']]);

    const later = [writes.put('b', '1', false), writes.remove('a', false), writes.put('c', '1', false)];
    await vi.advanceTimersByTimeAsync(150);
    expect(batches).toHaveLength(1); // still inside the interval: nothing more committed
    expect(writes.pending('b')).toEqual({ kind: 'put', serialized: '1' });
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(later);
    expect(batches).toEqual([['a=1'], ['b=1', 'c=1'], ['-a']]);

    const held = writes.put('d', '1', false);
    await vi.advanceTimersByTimeAsync(10);
    expect(batches).toHaveLength(3);
    const urgent = writes.put('e', '1'); // soon: the batch goes at the end of this turn, d with it
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all([held, urgent]);
    expect(batches.at(-1)).toEqual(['d=1', 'e=1']);
  });

  it('drain sends a batch held back by the interval at once (a stop does not wait it out)', async () => {
    const { target, batches } = recordingTarget();
    const writes = createWriteBehind(target, undefined, { intervalMs: 60_000 });
    await Promise.all([writes.put('a', '1'), vi.advanceTimersByTimeAsync(0)]);
    const held = writes.put('b', '1', false);
    await vi.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([['a=1']]);
    await writes.drain();
    await held;
    expect(batches).toEqual([['a=1'], ['b=1']]);
    expect(vi.getTimerCount()).toBe(0); // the interval's timer is gone with it
  });

  it('reports a failed batch with its keys and the error', async () => {
    const { target } = recordingTarget(true);
    const failed: Array<{ keys: string[]; message: string }> = [];
    const writes = createWriteBehind(target, (keys, err) =>
      failed.push({ keys, message: (err as Error).message }),
    );
    const put = writes.put('a', '1');
    const settled = put.then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(await settled).toBe('disk full');
    expect(failed).toEqual([{ keys: ['a'], message: 'disk full' }]);
  });
});
