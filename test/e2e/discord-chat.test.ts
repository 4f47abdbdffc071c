/**
 * The bot end to end on Discord: real discord.js against the fake Discord, real client against the
 * fake OpenRouter. Covers /chat in a thread with streamed edits and footer, continuing by thread
 * message, long answers with code fences, upstream failures, Stop, no pings and isolation.
 */
import { describe, expect, it } from 'vitest';
import { openFenceAt } from '../../src/streaming/markdown-split.js';
import type { StoredMessage } from '../fakes/discord.js';
import { isFinished, OR_KEY, visible } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter, logs } = useDiscordBot({ logs: true, env: { STREAM_EDIT_INTERVAL_MS: '300' } });

const threadOf = (name: string) => discord.threads().find((t) => String(t.name).startsWith(name));

async function chat(prompt: string, extra: { userId?: string; userName?: string } = {}) {
  const handle = discord.slashCommand({
    name: 'chat',
    options: [{ name: 'prompt', type: 3, value: prompt }],
    ...extra,
  });
  const callback = await handle.waitForCallback();
  const thread = await discord.waitFor(() => threadOf(prompt.slice(0, 20)));
  const done = await discord.waitFor(() => {
    const msgs = discord.messages(thread.id);
    return msgs.some((m) => isFinished(m) || m.content.includes('⚠️')) ? msgs : undefined;
  });
  return { callback, thread, messages: done };
}

const chatRequests = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('/chat on Discord', () => {
  it('answers "asked" in the callback itself, opens a thread, streams edits and ends with the footer', async () => {
    openrouter.queueReply({
      text: 'The answer arrives in many small pieces over time.',
      chunkSize: 3,
      chunkDelayMs: 25,
    });
    const { callback, thread, messages } = await chat('explain streaming');
    expect(callback.type).toBe(4);
    expect(thread.parent_id).toBe(discord.channelId);
    const answer = messages.at(-1) as StoredMessage;
    expect(answer.content).toContain('The answer arrives in many small pieces over time.');
    expect(answer.content).toMatch(/\n-# openai\/gpt-4o-mini · \d+ tokens · \$[\d.e-]+ · gen-/);
    expect(answer.edits).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(answer.components)).toContain('regenerate:');
  });

  it('continues the conversation from a plain message in the thread', async () => {
    const { thread } = await chat('first question');
    await discord.sendMessage({ channelId: thread.id, content: 'second question' });
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: second question') && isFinished(m)),
    );
    const body = chatRequests().at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages)).toContain('first question');
  });

  it('splits a 6,000-character answer with code fences across messages without breaking them', async () => {
    const block = (lang: string, n: number) =>
      `\`\`\`${lang}\n${Array.from({ length: 25 }, (_, i) => `const v${n}_${i} = ${i} * ${i};`).join('\n')}\n\`\`\``;
    const text = Array.from(
      { length: 6 },
      (_, n) => `Part ${n}: ${'explanation '.repeat(40)}\n\n${block(n % 2 ? 'ts' : 'py', n)}`,
    ).join('\n\n');
    expect(text.length).toBeGreaterThan(6000);
    openrouter.queueReply({ text, chunkSize: 400 });
    const { thread } = await chat('long code please');
    const answers = discord.messages(thread.id).filter((m) => m.author.id === discord.botUserId);
    expect(answers.length).toBeGreaterThanOrEqual(4);
    for (const m of answers) {
      expect(m.content.length).toBeLessThanOrEqual(2000);
      expect(openFenceAt(m.content), m.content).toBeUndefined();
    }
    const lines = (s: string) => s.split('\n').filter((l) => l.startsWith('const v'));
    expect(answers.flatMap((m) => lines(m.content))).toEqual(lines(text));
  });

  it.each([
    ['429', { kind: 'status', status: 429 } as const, /rate|busy|limit/i],
    ['500', { kind: 'status', status: 500 } as const, /OpenRouter|provider|try again/i],
  ])('upstream %s gives a clear message and the next message works', async (_, fault, pattern) => {
    openrouter.injectFault(fault, { count: 1, path: '/chat/completions' });
    const { thread, messages } = await chat('will fail once');
    expect(visible(messages)).toMatch(pattern);
    expect(visible(messages)).not.toContain(OR_KEY);
    expect(logs.join('\n')).toContain('openrouter call failed'); // logged, without the key:
    expect(logs.join('\n')).not.toContain(OR_KEY);
    await discord.sendMessage({ channelId: thread.id, content: 'try again' });
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: try again') && isFinished(m)),
    );
  });

  it('a question refused upstream for what it is is not sent again; one refused for load is', async () => {
    openrouter.injectFault({ kind: 'status', status: 400 }, { count: 1, path: '/chat/completions' });
    const { thread } = await chat('bad question with a broken file');
    await discord.sendMessage({ channelId: thread.id, content: 'next question' });
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: next question') && isFinished(m)),
    );
    const after400 = JSON.stringify(chatRequests().at(-1)?.body);
    expect(after400).not.toContain('bad question with a broken file');
    openrouter.injectFault({ kind: 'status', status: 429 }, { count: 1, path: '/chat/completions' });
    await discord.sendMessage({ channelId: thread.id, content: 'busy moment question' });
    await discord.waitFor(
      () => discord.messages(thread.id).filter((m) => m.content.includes('⚠️')).length === 2,
    );
    await discord.sendMessage({ channelId: thread.id, content: 'try again' });
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: try again') && isFinished(m)),
    );
    expect(JSON.stringify(chatRequests().at(-1)?.body)).toContain('busy moment question');
  });

  it('a mid-stream error keeps the partial answer and says what happened', async () => {
    openrouter.queueReply({ text: 'partial words before the failure', chunkSize: 4 });
    openrouter.injectFault(
      { kind: 'mid-stream-error', afterChunks: 3, message: 'provider went away' },
      { count: 1 },
    );
    const { thread } = await chat('break midway');
    const all = await discord.waitFor(() => {
      const text = visible(discord.messages(thread.id));
      return text.includes('⚠️') ? text : undefined;
    });
    expect(all).toContain('partial word');
    expect(all).toMatch(/\(incomplete\)/);
    await discord.sendMessage({ channelId: thread.id, content: 'after failure' });
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: after failure') && isFinished(m)),
    );
    const body = chatRequests().at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    expect(JSON.stringify(body.messages)).toContain('cut off');
  });

  it('Stop aborts the upstream stream', async () => {
    openrouter.queueReply({ text: 'x'.repeat(400), chunkSize: 10, hold: true });
    const handle = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'never ending story' }],
    });
    await handle.waitForCallback();
    const thread = await discord.waitFor(() => threadOf('never ending'));
    const streaming = await discord.waitFor(() =>
      discord
        .messages(thread.id)
        .find((m) => JSON.stringify(m.components).includes('stop:') && m.content.includes('x')),
    );
    const closed = openrouter.waitForClientClose(10_000);
    const stopId = /"custom_id":"(stop:[^"]+)"/.exec(JSON.stringify(streaming.components))?.[1] as string;
    discord.buttonClick({ customId: stopId, messageId: streaming.id, channelId: thread.id });
    await closed;
    const final = await discord.waitFor(() => {
      const m = discord.messages(thread.id).find((x) => x.id === streaming.id);
      return m?.content.includes('(stopped)') ? m : undefined;
    });
    expect(JSON.stringify(final.components)).not.toContain('stop:');
  });

  it('an answer containing @everyone and a role mention pings no one', async () => {
    openrouter.queueReply({ text: 'Hello @everyone and @here and <@&300000000000000001>!' });
    const { messages } = await chat('ping test');
    const answer = messages.at(-1) as StoredMessage;
    expect(answer.content).toContain('@everyone');
    expect(answer.allowed_mentions).toMatchObject({ parse: [] });
    for (const m of discord.messages(threadOf('ping test')?.id ?? ''))
      expect(m.allowed_mentions).toMatchObject({ parse: [] });
  });

  it("two users' threads never see each other's history", async () => {
    await chat('alpha secret plan', { userId: '400000000000000001', userName: 'alice' });
    await chat('bravo question', { userId: '400000000000000002', userName: 'bob' });
    const last = JSON.stringify(chatRequests().at(-1)?.body);
    expect(last).toContain('bravo question');
    expect(last).not.toContain('alpha secret plan');
  });
});
