/**
 * Discord's rate limits on the answer path: the fake Discord answers edits and posts of a streamed
 * /chat answer with 429s shaped like Discord's (per-route and one global). discord.js's own queue
 * must wait out every announced reset and retry, and the answer must arrive whole and finished.
 */
import { describe, expect, it } from 'vitest';
import { isFinished, visible } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter, logs } = useDiscordBot({ logs: true, fake: { defaultTimeoutMs: 30_000 } });

const messageRoute = /^\/channels\/\d+\/messages(\/\d+)?$/;
const lines = (s: string) => s.split('\n').filter((l) => l.startsWith('Line '));

describe('Discord rate limits', () => {
  it('a streamed answer finishes intact through a 429 storm on its edits and posts', {
    timeout: 60_000,
  }, async () => {
    const text = Array.from({ length: 100 }, (_, i) => `Line ${i}: ${'storm '.repeat(8).trim()}`).join('\n');
    expect(text.length).toBeGreaterThan(4_000); // three messages or more
    // streamed over ~3 s: far more edits than the storm needs (it takes 4 distinct edits and 1 post)
    openrouter.queueReply({ text, chunkSize: 30, chunkDelayMs: 20 });
    discord.rateLimit({ method: 'PATCH', path: messageRoute, every: 2, times: 4, retryAfterMs: 200 });
    discord.rateLimit({ method: 'POST', path: messageRoute, times: 2, retryAfterMs: 200, scope: 'shared' });
    discord.rateLimit({ method: 'PATCH', path: messageRoute, every: 3, times: 1, global: true });

    const handle = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'storm' }],
    });
    await handle.waitForCallback();
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).startsWith('storm')),
    );
    const messages = await discord.waitFor(() => {
      const all = discord.messages(thread.id);
      return all.some((m) => isFinished(m) || m.content.includes('⚠️')) ? all : undefined;
    });

    const served = discord.rateLimited();
    expect(served.filter((r) => r.early)).toEqual([]); // every retry came after the announced reset
    expect(served.map((r) => `${r.method}${r.global ? ' global' : ''}`).sort()).toEqual([
      'PATCH',
      'PATCH',
      'PATCH',
      'PATCH',
      'PATCH global',
      'POST',
      'POST',
    ]);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(messages.filter((m) => m.content.includes('⚠️'))).toEqual([]);
    expect(messages.filter(isFinished)).toHaveLength(1);
    expect(isFinished(messages.at(-1))).toBe(true);
    expect(lines(visible(messages))).toEqual(lines(text));
    expect(logs.filter((l) => /"level":(40|50)/.test(l))).toEqual([]);
  });
});
