import { describe, expect, it } from 'vitest';
import { backoffDelay, createVideoPoller, type PollResult } from '../../../src/video/video-poller.js';
import { createManualClock } from '../../helpers/manual-clock.js';

const config = { minMs: 5_000, maxMs: 30_000, maxConcurrent: 2 };

describe('backoffDelay', () => {
  it('grows from the minimum by 1.5x to the maximum, never longer', () => {
    const noJitter = [0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, config, () => 0));
    expect(noJitter).toEqual([5_000, 7_500, 11_250, 16_875, 25_313, 30_000, 30_000, 30_000]);
  });

  it('cuts at most 20% at random', () => {
    expect(backoffDelay(0, config, () => 0.999)).toBe(4_001);
    expect(backoffDelay(9, config, () => 0.5)).toBe(27_000);
  });
});

describe('createVideoPoller', () => {
  it('polls each job on its own backoff with a single timer armed', async () => {
    const clock = createManualClock();
    const polls: Array<[string, number, number]> = [];
    const poller = createVideoPoller(config, {
      clock,
      random: () => 0,
      poll: async (id, attempt) => {
        polls.push([id, attempt, clock.now()]);
        return {};
      },
    });
    poller.add('a');
    await clock.advance(1_000);
    poller.add('b');
    expect(clock.pending()).toBe(1);
    await clock.advance(60_000);
    expect(polls.filter(([id]) => id === 'a').map(([, , t]) => t)).toEqual([5_000, 12_500, 23_750, 40_625]);
    expect(polls.filter(([id]) => id === 'b').map(([, , t]) => t)).toEqual([6_000, 13_500, 24_750, 41_625]);
    expect(clock.pending()).toBe(1);
    await poller.stop();
    expect(clock.pending()).toBe(0);
  });

  it('never runs more polls at once than the bound, and catches up when slots free', async () => {
    const clock = createManualClock();
    let running = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const poller = createVideoPoller(config, {
      clock,
      random: () => 0,
      poll: () => {
        running++;
        peak = Math.max(peak, running);
        return new Promise<PollResult>((resolve) =>
          release.push(() => {
            running--;
            resolve({ done: true });
          }),
        );
      },
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) poller.add(id);
    await clock.advance(5_000);
    expect(running).toBe(2);
    while (release.length > 0) {
      release.shift()?.();
      await clock.settle();
    }
    expect(peak).toBe(2);
    expect(poller.size).toBe(0);
    await poller.stop();
  });

  it('forgets finished and removed jobs, honours a requested delay, and survives a failing poll', async () => {
    const clock = createManualClock();
    const seen: string[] = [];
    const errors: string[] = [];
    const poller = createVideoPoller(config, {
      clock,
      random: () => 0,
      onError: (id) => errors.push(id),
      poll: async (id) => {
        seen.push(`${id}@${clock.now()}`);
        if (id === 'done') return { done: true };
        if (id === 'boom') throw new Error('network');
        return { delayMs: 1_000 };
      },
    });
    poller.add('done');
    poller.add('soon');
    poller.add('boom');
    await clock.advance(5_000);
    poller.remove('soon');
    await clock.advance(20_000);
    expect(seen).toEqual(['done@5000', 'soon@5000', 'boom@5000', 'boom@12500', 'boom@23750']);
    expect(errors).toEqual(['boom', 'boom', 'boom']);
    expect(poller.has('done')).toBe(false);
    await poller.stop();
    poller.add('late');
    expect(clock.pending()).toBe(0);
  });

  it('stop waits for the polls in flight and starts no new ones', async () => {
    const clock = createManualClock();
    let finish: () => void = () => {};
    let polls = 0;
    const poller = createVideoPoller(config, {
      clock,
      poll: () => {
        polls++;
        return new Promise<PollResult>((resolve) => {
          finish = () => resolve({});
        });
      },
    });
    poller.add('a', { delayMs: 0 });
    await clock.advance(0);
    let stopped = false;
    const stopping = poller.stop().then(() => {
      stopped = true;
    });
    await clock.settle();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await clock.advance(60_000);
    expect(polls).toBe(1);
    expect(clock.pending()).toBe(0);
  });
});
