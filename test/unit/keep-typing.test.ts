import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepTyping } from '../../src/streaming/keep-typing.js';
import type { ReplySurface } from '../../src/surface/reply-surface.js';

function surface(calls: string[]): ReplySurface {
  return {
    location: { platform: 'discord', channelId: 'c' },
    limits: {
      maxMessageChars: 2000,
      maxUploadBytes: 1,
      minEditIntervalMs: 1,
      channelEditBudget: { edits: 5, windowMs: 5_000 },
    },
    post: async () => {
      calls.push('post');
      return { id: 'm', channelId: 'c' };
    },
    edit: async () => undefined,
    typing: async () => {
      calls.push('typing');
    },
  } as ReplySurface;
}

describe('keepTyping', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends nothing when the first words come before firstAfterMs', async () => {
    const calls: string[] = [];
    const s = surface(calls);
    const typing = keepTyping(s, { firstAfterMs: 1_000 });
    await vi.advanceTimersByTimeAsync(500);
    await typing.shown(s).post({ text: 'hi' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toEqual(['post']);
  });

  it('shows typing for a slow answer, refreshes it, and stops at the first post', async () => {
    const calls: string[] = [];
    const s = surface(calls);
    const typing = keepTyping(s, { firstAfterMs: 1_000, everyMs: 8_000 });
    await vi.advanceTimersByTimeAsync(9_500);
    expect(calls).toEqual(['typing', 'typing']);
    await typing.shown(s).post({ text: 'hi' });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toEqual(['typing', 'typing', 'post']);
  });

  it('stop() ends it for good', async () => {
    const calls: string[] = [];
    const typing = keepTyping(surface(calls), { firstAfterMs: 0 });
    typing.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(calls).toEqual([]);
  });
});
