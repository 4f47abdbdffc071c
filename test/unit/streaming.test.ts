import { describe, expect, it } from 'vitest';
import { createEditScheduler } from '../../src/streaming/edit-scheduler.js';
import { streamToSurface } from '../../src/streaming/stream-answer.js';
import { createFakeSurface } from '../fakes/surface.js';

async function* pieces(list: string[], fail?: Error) {
  for (const p of list) {
    await Promise.resolve();
    yield p;
  }
  if (fail) throw fail;
}

const scheduler = () => createEditScheduler();
const stop = { action: 'stop', value: 's1', label: 'Stop' };
const regen = { action: 'regenerate', value: 'r1', label: 'Regenerate' };

describe('streamToSurface', () => {
  it('ends with the exact text, the footer and the final buttons', async () => {
    const surface = createFakeSurface();
    const result = await streamToSurface(surface, pieces(['Hel', 'lo ', 'world']), {
      scheduler: scheduler(),
      buttons: [stop],
      finish: () => ({ footer: 'm/x · 12 tokens', buttons: [regen] }),
    });
    expect(result).toMatchObject({ text: 'Hello world', completed: true, stopped: false });
    expect(surface.messages).toHaveLength(1);
    expect(surface.messages[0]?.current).toEqual({
      text: 'Hello world',
      footer: 'm/x · 12 tokens',
      buttons: [regen],
    });
    expect(surface.messages[0]?.history[0]?.buttons).toEqual([stop]);
  });

  it('skips an intermediate edit still waiting for its interval when the answer ends: only the final edit goes', async () => {
    const surface = createFakeSurface({ minEditIntervalMs: 60_000 });
    let t = 0;
    let sleeps = 0;
    const result = await streamToSurface(surface, pieces(['Hel', 'lo ', 'world']), {
      scheduler: scheduler(),
      buttons: [stop],
      finish: () => ({ footer: 'm/x · 12 tokens', buttons: [regen] }),
      now: () => t,
      // the first wait (the intermediate edit's) never ends by itself; the final edit's passes
      sleep: () => {
        sleeps += 1;
        if (sleeps === 1) return new Promise<void>(() => undefined);
        t += 60_000;
        return Promise.resolve();
      },
    });
    expect(result.completed).toBe(true);
    // the placeholder, then straight to the final text
    expect(surface.messages[0]?.history.map((m) => m.text)).toEqual(['…', 'Hello world']);
  });

  it('continues a long answer in new messages, each within the limit', async () => {
    const surface = createFakeSurface({ maxMessageChars: 500 });
    const text = Array.from({ length: 40 }, (_, i) => `Line ${i} ${'x'.repeat(40)}`).join('\n');
    const chunks = text.match(/.{1,37}/gs) ?? [];
    const result = await streamToSurface(surface, pieces(chunks), { scheduler: scheduler() });
    expect(result.completed).toBe(true);
    expect(surface.messages.length).toBeGreaterThan(4);
    for (const m of surface.messages) expect(m.current.text.length).toBeLessThanOrEqual(500);
    expect(surface.messages.map((m) => m.current.text).join('\n')).toBe(text);
  });

  it('keeps the partial text when the source fails and reports the error', async () => {
    const surface = createFakeSurface();
    const boom = new Error('upstream died');
    const result = await streamToSurface(surface, pieces(['partial ', 'answer'], boom), {
      scheduler: scheduler(),
      finish: ({ completed }) => ({ footer: completed ? 'done' : 'incomplete' }),
    });
    expect(result).toMatchObject({ completed: false, error: boom, text: 'partial answer' });
    expect(surface.visibleText()).toContain('partial answer');
    expect(surface.visibleText()).toContain('incomplete');
  });

  it('stops reading when aborted and marks the answer stopped', async () => {
    const surface = createFakeSurface();
    const controller = new AbortController();
    async function* endless() {
      for (let i = 0; ; i++) {
        await Promise.resolve();
        if (i === 5) controller.abort();
        yield `${i} `;
      }
    }
    const result = await streamToSurface(surface, endless(), {
      scheduler: scheduler(),
      signal: controller.signal,
    });
    expect(result.stopped).toBe(true);
    expect(result.completed).toBe(false);
    expect(surface.visibleText()).toContain('(stopped)');
  });

  it('never has two edits of a message in flight and respects the minimum interval', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const surface = createFakeSurface({ minEditIntervalMs: 20 });
    const edit = surface.edit.bind(surface);
    surface.edit = async (ref, msg) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      await edit(ref, msg);
      inFlight--;
    };
    async function* slow() {
      for (let i = 0; i < 30; i++) {
        await new Promise((r) => setTimeout(r, 2));
        yield `w${i} `;
      }
    }
    await streamToSurface(surface, slow(), { scheduler: scheduler() });
    expect(maxInFlight).toBe(1);
    const gaps = surface.editTimes.slice(1).map((t, i) => t - (surface.editTimes[i] as number));
    for (const gap of gaps.slice(0, -1)) expect(gap).toBeGreaterThanOrEqual(19);
  });

  it('keeps intermediate edits of answers in different channels of one server within the bot-wide budget', async () => {
    let t = 0;
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    const shared = createEditScheduler(clock);
    const budget = { edits: 2, windowMs: 1_000 };
    const a = createFakeSurface({ channelId: 'A', serverId: 'S1', now: clock.now, botEditBudget: budget });
    const b = createFakeSurface({ channelId: 'B', serverId: 'S1', now: clock.now, botEditBudget: budget });
    // words arrive every 200 ms of simulated time, for 6 s: the two answers want ~60 edits
    async function* paced() {
      for (let i = 0; i < 30; i++) {
        await clock.sleep(200);
        yield `w${i} `;
      }
    }
    await Promise.all([
      streamToSurface(a, paced(), { scheduler: shared, ...clock }),
      streamToSurface(b, paced(), { scheduler: shared, ...clock }),
    ]);
    // intermediate edits keep to the budget (the rest are skipped); each final edit always goes
    const times = [...a.editTimes.slice(0, -1), ...b.editTimes.slice(0, -1)].sort((x, y) => x - y);
    expect(times.length).toBeGreaterThan(4);
    for (const at of times)
      expect(times.filter((x) => x >= at && x < at + 1_000).length).toBeLessThanOrEqual(2);
    expect(a.visibleText()).toContain('w29');
    expect(b.visibleText()).toContain('w29');
  });

  it('counts a surface with its own edit bucket (a private answer) apart from its channel', async () => {
    let t = 0;
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    const shared = createEditScheduler(clock);
    const budget = { edits: 1, windowMs: 1_000 };
    const a = createFakeSurface({ channelId: 'C', now: clock.now, channelEditBudget: budget });
    const b = Object.assign(
      createFakeSurface({ channelId: 'C', now: clock.now, channelEditBudget: budget }),
      {
        editBucket: 'interaction:1',
      },
    );
    const words = Array.from({ length: 6 }, (_, i) => `w${i} `);
    await Promise.all([
      streamToSurface(a, pieces(words), { scheduler: shared, ...clock }),
      streamToSurface(b, pieces(words), { scheduler: shared, ...clock }),
    ]);
    const times = [...a.editTimes, ...b.editTimes].sort((x, y) => x - y);
    // one budget each: somewhere both edited within the same second
    expect(times.some((at) => times.filter((x) => x >= at && x < at + 1_000).length === 2)).toBe(true);
    for (const s of [a, b]) {
      const own = s.editTimes;
      for (const at of own)
        expect(own.filter((x) => x >= at && x < at + 1_000).length).toBeLessThanOrEqual(1);
    }
  });

  it('stops reading the answer when the surface cannot post even its first message', async () => {
    const surface = createFakeSurface();
    surface.failNext(100, new Error('Missing Permissions'));
    let pulled = 0;
    async function* tokens() {
      for (let i = 0; i < 50; i++) {
        pulled++;
        await Promise.resolve();
        yield `t${i} `;
      }
    }
    const result = await streamToSurface(surface, tokens(), { scheduler: scheduler() });
    expect(result.completed).toBe(false);
    expect(String(result.error)).toContain('Missing Permissions');
    expect(pulled).toBeLessThan(5);
  });
});
