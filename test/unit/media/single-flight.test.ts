import { describe, expect, it } from 'vitest';
import { createSingleFlight } from '../../../src/media/single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('single flight', () => {
  it('runs the work once for concurrent callers of one key, and again after it settled', async () => {
    const flight = createSingleFlight<string>();
    const gate = deferred<string>();
    let calls = 0;
    const work = () => {
      calls++;
      return gate.promise;
    };
    const a = flight.run('k', work);
    const b = flight.run('k', work);
    const other = flight.run('other', async () => 'x');
    gate.resolve('done');
    expect(await Promise.all([a, b, other])).toEqual(['done', 'done', 'x']);
    expect(calls).toBe(1);
    expect(flight.size).toBe(0);
    await flight.run('k', async () => {
      calls++;
      return 'again';
    });
    expect(calls).toBe(2);
  });

  it('lets one caller abort without cancelling the others; aborts the work when all left', async () => {
    const flight = createSingleFlight<string>();
    let workSignal: AbortSignal | undefined;
    const gate = deferred<string>();
    const work = (signal: AbortSignal) => {
      workSignal = signal;
      return gate.promise;
    };
    const c1 = new AbortController();
    const c2 = new AbortController();
    const first = flight.run('k', work, c1.signal);
    const second = flight.run('k', work, c2.signal);
    c1.abort(new Error('first left'));
    await expect(first).rejects.toThrow('first left');
    expect(workSignal?.aborted).toBe(false);
    c2.abort(new Error('second left'));
    await expect(second).rejects.toThrow('second left');
    expect(workSignal?.aborted).toBe(true);
    gate.resolve('late');
  });

  it('shares failures and frees the key', async () => {
    const flight = createSingleFlight<string>();
    const boom = () => Promise.reject(new Error('boom'));
    await expect(Promise.all([flight.run('k', boom), flight.run('k', boom)])).rejects.toThrow('boom');
    expect(flight.size).toBe(0);
  });
});
