/** passThrough's edges that the layers built on it do not reach on their own. */
import { describe, expect, it } from 'vitest';
import { passThrough } from '../../../src/common/pass-through.js';
import { scripted } from './fake-stream.js';

describe('passThrough', () => {
  it('a watcher that throws closes the inner, runs onEnd once and rejects with its error', async () => {
    const source = scripted([1, 2, 3]);
    const boom = new Error('watcher failed');
    let ends = 0;
    const it = passThrough(() => source[Symbol.asyncIterator](), {
      onItem: (n) => {
        if (n === 2) throw boom;
      },
      onEnd: () => void ends++,
    });
    expect(await it.next()).toEqual({ value: 1, done: false });
    await expect(it.next()).rejects.toBe(boom);
    expect(source.returns).toBe(1);
    expect(ends).toBe(1);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('an inner that cannot be opened fails the first next(), after onEnd', async () => {
    const refused = new Error('can be iterated only once');
    const log: string[] = [];
    const it = passThrough<number>(
      () => {
        throw refused;
      },
      { onEnd: async () => void log.push('end'), awaitEnd: true },
    );
    await expect(it.next()).rejects.toBe(refused);
    expect(log).toEqual(['end']);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('an inner without return() is simply left; onEnd still runs once', async () => {
    let ends = 0;
    const bare: AsyncIterator<number> = { next: () => Promise.resolve({ value: 7, done: false }) };
    const it = passThrough(() => bare, { onEnd: () => void ends++ });
    expect(await it.next()).toEqual({ value: 7, done: false });
    expect(await it.return?.('bye')).toEqual({ value: 'bye', done: true });
    expect(await it.return?.()).toEqual({ value: undefined, done: true });
    expect(ends).toBe(1);
  });
});
