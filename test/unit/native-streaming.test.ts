import { describe, expect, it } from 'vitest';
import { createEditScheduler } from '../../src/streaming/edit-scheduler.js';
import { openFenceAt } from '../../src/streaming/markdown-split.js';
import { streamToSurface } from '../../src/streaming/stream-answer.js';
import { createLiveSurface } from '../fakes/live-surface.js';

async function* pieces(list: string[], fail?: Error) {
  for (const p of list) {
    await Promise.resolve();
    yield p;
  }
  if (fail) throw fail;
}

const opts = () => ({
  scheduler: createEditScheduler(),
  finish: ({ completed }: { completed: boolean }) => ({
    footer: 'm/x · 9 tokens',
    buttons: completed ? [{ action: 'regenerate', value: 'last', label: 'Regenerate' }] : [],
  }),
});

describe('native streaming driver', () => {
  it('opens one live message, appends the rest and ends it with the footer and buttons', async () => {
    const surface = createLiveSurface();
    const result = await streamToSurface(surface, pieces(['Hel', 'lo ', 'wor', 'ld']), opts());
    expect(result).toMatchObject({ text: 'Hello world', completed: true, stopped: false });
    expect(surface.live).toHaveLength(1);
    expect(surface.live[0]?.text).toBe('Hello world');
    expect(surface.live[0]?.finished?.footer).toBe('m/x · 9 tokens');
    expect(surface.live[0]?.finished?.buttons).toHaveLength(1);
    expect(surface.messages).toHaveLength(0); // nothing went the post-then-edit way
  });

  it('shows the streaming buttons (Stop) on a companion message and takes them away at the end', async () => {
    const surface = createLiveSurface();
    const stop = { action: 'stop', value: 's1', label: 'Stop' };
    let during: unknown[] | undefined;
    async function* source() {
      yield 'one ';
      await Promise.resolve();
      during = surface.messages[0]?.current.buttons;
      yield 'two';
    }
    await streamToSurface(surface, source(), { ...opts(), buttons: [stop], controlsAfterMs: 0 });
    expect(during).toEqual([stop]);
    expect(surface.messages[0]?.current.buttons).toEqual([]);
    expect(surface.live[0]?.text).toBe('one two');
  });

  it('posts no Stop companion for an answer that ends before controlsAfterMs', async () => {
    const surface = createLiveSurface();
    const stop = { action: 'stop', value: 's1', label: 'Stop' };
    await streamToSurface(surface, pieces(['one ', 'two']), {
      ...opts(),
      buttons: [stop],
      controlsAfterMs: 60_000,
    });
    expect(surface.messages).toHaveLength(0);
    expect(surface.live[0]?.text).toBe('one two');
    expect(surface.live[0]?.finished?.footer).toBe('m/x · 9 tokens');
  });

  it('posts the Stop companion once the answer has streamed for controlsAfterMs, and removes it', async () => {
    const surface = createLiveSurface();
    const stop = { action: 'stop', value: 's1', label: 'Stop' };
    let during: unknown[] | undefined;
    async function* slow() {
      yield 'one ';
      await new Promise((r) => setTimeout(r, 30));
      during = surface.messages[0]?.current.buttons;
      yield 'two';
    }
    await streamToSurface(surface, slow(), { ...opts(), buttons: [stop], controlsAfterMs: 5 });
    expect(during).toEqual([stop]);
    expect(surface.messages[0]?.current.buttons).toEqual([]);
  });

  it('an answer that ends between appends sends its rest with the final call, not as another append', async () => {
    const surface = createLiveSurface({ appendIntervalMs: 500 });
    let t = 0;
    const result = await streamToSurface(surface, pieces(['Hel', 'lo ', 'wor', 'ld']), {
      ...opts(),
      now: () => t,
      sleep: () => new Promise<void>(() => undefined), // an append would have to wait forever
    });
    t += 1;
    expect(result.completed).toBe(true);
    expect(surface.live).toHaveLength(1);
    expect(surface.live[0]?.appends).toBe(0);
    expect(surface.live[0]?.text + (surface.live[0]?.finished?.text ?? '')).toBe('Hello world');
    expect(surface.live[0]?.finished?.footer).toBe('m/x · 9 tokens');
  });

  it('falls back to post-then-edit where the surface cannot stream, losing nothing', async () => {
    const surface = createLiveSurface();
    surface.refuseOpen(1);
    const result = await streamToSurface(surface, pieces(['one ', 'two ', 'three']), opts());
    expect(result.text).toBe('one two three');
    expect(surface.live).toHaveLength(0);
    expect(surface.messages[0]?.current.text).toBe('one two three');
    expect(surface.messages[0]?.current.footer).toBe('m/x · 9 tokens');
  });

  it('continues a long answer in new live messages and reopens a code fence cut at the split', async () => {
    const surface = createLiveSurface({ maxChars: 300 });
    const code = Array.from({ length: 60 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const text = `Intro line.\n\n\`\`\`ts\n${code}\n\`\`\`\n\nDone.`;
    const result = await streamToSurface(surface, pieces(text.match(/.{1,23}/gs) ?? []), opts());
    expect(result.completed).toBe(true);
    expect(surface.live.length).toBeGreaterThanOrEqual(3);
    for (const m of surface.live) {
      const body = m.text + (m.finished?.text ?? '');
      expect(body.length).toBeLessThanOrEqual(300 + 10);
      expect(openFenceAt(body)).toBeUndefined();
    }
    const joined = surface.live.map((m) => m.text).join('');
    for (let i = 0; i < 60; i++) expect(joined).toContain(`const v${i} = ${i};`);
    expect(joined).toContain('Done.');
    expect(surface.live.at(-1)?.finished?.footer).toBe('m/x · 9 tokens');
  });

  it('continues in a new message when the live one has grown old', async () => {
    let t = 0;
    const surface = createLiveSurface({ maxAgeMs: 1_000 });
    async function* slow() {
      for (const p of ['a ', 'b ', 'c ', 'd']) {
        t += 600;
        await Promise.resolve();
        yield p;
      }
    }
    const result = await streamToSurface(surface, slow(), { ...opts(), now: () => t });
    expect(result.text).toBe('a b c d');
    expect(surface.live.length).toBeGreaterThanOrEqual(2);
    // the last words may ride on the final call of the last live message
    expect(surface.live.map((m) => m.text + (m.finished?.text ?? '')).join('')).toBe('a b c d');
  });

  it('keeps the partial text and marks it when the source fails mid-stream', async () => {
    const surface = createLiveSurface();
    const boom = new Error('upstream broke');
    const result = await streamToSurface(surface, pieces(['partial ', 'answer'], boom), opts());
    expect(result.completed).toBe(false);
    expect(result.error).toBe(boom);
    expect(surface.seen()).toContain('partial answer');
    expect(surface.live[0]?.finished?.text).toContain('(incomplete)');
    expect(surface.live[0]?.finished?.buttons).toEqual([]);
  });

  it('marks a stopped answer and ends the live message', async () => {
    const surface = createLiveSurface();
    const controller = new AbortController();
    async function* stoppable() {
      yield 'some ';
      yield 'text';
      controller.abort();
      yield ' never shown';
    }
    const result = await streamToSurface(surface, stoppable(), { ...opts(), signal: controller.signal });
    expect(result.stopped).toBe(true);
    expect(surface.live[0]?.finished?.text).toContain('(stopped)');
    expect(surface.seen()).not.toContain('never shown');
  });

  it('when a live message breaks and no new one opens, posts the rest so nothing is lost', async () => {
    const surface = createLiveSurface();
    async function* source() {
      yield 'first part. ';
      surface.failAppends(1);
      surface.refuseOpen(1);
      yield 'second part. ';
      yield 'third part.';
    }
    const result = await streamToSurface(surface, source(), opts());
    expect(result.text).toBe('first part. second part. third part.');
    const seen = surface.seen().replace(/\s+/g, ' ');
    expect(seen).toContain('first part.');
    expect(seen).toContain('second part. third part.');
    expect(surface.messages.at(-1)?.current.footer).toBe('m/x · 9 tokens');
  });

  it('never shows half of a possible ping: the trailing @word waits for the next text', async () => {
    const surface = createLiveSurface();
    const appended: string[] = [];
    const open = surface.openStream?.bind(surface);
    surface.openStream = async (first) => {
      const live = await open?.(first);
      if (!live) return live;
      appended.push(first);
      return {
        ...live,
        append: async (md) => {
          appended.push(md);
          await live.append(md);
        },
      };
    };
    const parts = [
      'Hello @every',
      'one and <!cha',
      'nnel> and <!subteam^S1|dev',
      ' team> and <!here|all of',
      ' you> bye',
    ];
    await streamToSurface(surface, pieces(parts), opts());
    for (const piece of appended) {
      expect(piece).not.toMatch(/@every$|<!cha$/);
      // no piece ends inside a <…> mention, labelled ones with spaces included
      expect(piece.lastIndexOf('<') <= piece.lastIndexOf('>') || !piece.includes('<')).toBe(true);
    }
    expect(appended.join('')).toBe(parts.join(''));
  });
});
