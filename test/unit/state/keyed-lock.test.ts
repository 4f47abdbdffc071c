import { describe, expect, it } from 'vitest';
import { createKeyedLock } from '../../../src/state/keyed-lock.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('keyed lock', () => {
  it('runs work on one key one at a time, in order, and other keys alongside', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const gate: Array<() => void> = [];
    const job = (name: string) => () =>
      new Promise<string>((resolve) => {
        log.push(`start ${name}`);
        gate.push(() => {
          log.push(`end ${name}`);
          resolve(name);
        });
      });
    const a1 = lock.run('a', job('a1'));
    const a2 = lock.run('a', job('a2'));
    const b1 = lock.run('b', job('b1'));
    await tick();
    expect(log).toEqual(['start a1', 'start b1']);
    gate.shift()?.(); // a1 ends
    await tick();
    expect(log).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    gate.shift()?.(); // b1
    gate.shift()?.(); // a2
    expect(await Promise.all([a1, a2, b1])).toEqual(['a1', 'a2', 'b1']);
  });

  it('a failure reaches its caller only, and the next on the key still runs', async () => {
    const lock = createKeyedLock();
    const boom = new Error('boom');
    const failing = lock.run('k', async () => {
      throw boom;
    });
    const throwingSync = lock.run('k', (() => {
      throw boom;
    }) as () => Promise<never>);
    const next = lock.run('k', async () => 'after');
    await expect(failing).rejects.toBe(boom);
    await expect(throwingSync).rejects.toBe(boom);
    await expect(next).resolves.toBe('after');
  });

  it('a free key starts its work at once; a finished key holds nothing', async () => {
    const lock = createKeyedLock();
    let started = false;
    const done = lock.run('k', async () => {
      started = true;
    });
    expect(started).toBe(true);
    await done;
    await tick();
    let second = false;
    void lock.run('k', async () => {
      second = true;
    });
    expect(second).toBe(true);
  });
});
