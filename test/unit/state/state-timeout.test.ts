import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateTimeoutError, withStateTimeout } from '../../../src/state/state-timeout.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('withStateTimeout', () => {
  it('passes a value or the same error through, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    await expect(withStateTimeout('sqlite', 1000, Promise.resolve(42))).resolves.toBe(42);
    const boom = new Error('disk says no');
    await expect(withStateTimeout('sqlite', 1000, Promise.reject(boom))).rejects.toBe(boom);
    await vi.advanceTimersByTimeAsync(300);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('fails a call that does not answer after the bound (and not before), with what to check', async () => {
    vi.useFakeTimers();
    const hung = withStateTimeout('redis', 1000, new Promise<never>(() => undefined));
    const outcome = hung.then(
      () => 'answered',
      (err: unknown) => err,
    );
    await vi.advanceTimersByTimeAsync(900);
    const early = await Promise.race([outcome, Promise.resolve('still waiting')]);
    expect(early).toBe('still waiting');
    await vi.advanceTimersByTimeAsync(400); // the bound plus at most one check interval
    const err = await outcome;
    expect(err).toBeInstanceOf(StateTimeoutError);
    expect((err as StateTimeoutError).code).toBe('STATE.TIMEOUT');
    expect((err as StateTimeoutError).userMessage).toMatch(/REDIS_URL/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('bounds many concurrent calls with one timer, and a late failure is not unhandled', async () => {
    vi.useFakeTimers();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let failLate!: (err: Error) => void;
      const late = new Promise<never>((_, reject) => {
        failLate = reject;
      });
      const calls = [
        ...Array.from({ length: 100 }, (_, i) => withStateTimeout('sqlite', 1000, Promise.resolve(i))),
        withStateTimeout('sqlite', 1000, late).catch((err: unknown) => err),
      ];
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(1200);
      const results = await Promise.all(calls);
      expect(results.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(results[100]).toBeInstanceOf(StateTimeoutError);
      failLate(new Error('too late'));
      await vi.advanceTimersByTimeAsync(10);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
