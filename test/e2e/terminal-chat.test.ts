/**
 * The terminal adapter end to end: the real core and client against the fake OpenRouter, driven
 * through the prompt exactly as `npm start` does with only an API key.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTerminal } from '../../adapters/terminal/repl.js';
import { createTestApp } from '../helpers/test-app.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';

const KEY = 'sk-or-v1-terminal-0123456789abcdef';
const fake = useFakeOpenRouter({ apiKey: KEY });

function startSession() {
  const { app } = createTestApp({
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: fake.baseUrl,
    STREAM_EDIT_INTERVAL_MS: '100',
  });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  const waiters: Array<() => void> = [];
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  const terminal = startTerminal(
    {
      commands: app.registry.commands,
      dispatchCommand: (inv, raw, reply, signal) => app.dispatcher.dispatchCommand(inv, raw, reply, signal),
      handleText: async (text, inv, reply, signal) => {
        await app.dispatcher.dispatchCommand({ ...inv, command: 'chat' }, { prompt: text }, reply, signal);
      },
    },
    { input, output },
  );
  const until = async (pred: (s: string) => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!pred(printed)) {
      if (Date.now() > deadline) throw new Error(`timed out; terminal shows:\n${printed}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return {
    type: (line: string) => input.write(`${line}\n`),
    until,
    get printed() {
      return printed;
    },
    async close() {
      input.end();
      await terminal.closed;
      await app.close();
    },
  };
}

describe('terminal chat', () => {
  it('streams an answer with a footer and continues the conversation with plain text', async () => {
    const t = startSession();
    t.type('/chat hello there');
    await t.until((s) => /Echo: hello there[\s\S]*tokens/.test(s));
    expect(t.printed).toMatch(/openai\/gpt-4o-mini · \d+ tokens · \$[\d.]+ · gen-/);
    t.type('and again');
    await t.until((s) => s.includes('Echo: and again'));
    const last = fake.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1);
    if (!last) throw new Error('no chat request seen');
    const messages = (last.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[2]?.content).toBe('Echo: hello there');
    await t.close();
  });

  it('says clearly when the model does not exist', async () => {
    const t = startSession();
    t.type('/chat hi model:nobody/nothing');
    await t.until((s) => s.includes('no model'));
    expect(t.printed).toContain('nobody/nothing');
    await t.close();
  });

  it('shows lookups (cards) as text', async () => {
    const t = startSession();
    t.type('/models count');
    await t.until((s) => /\d+/.test(s) && s.toLowerCase().includes('models'));
    t.type('/model info id:openai/gpt-4o-mini');
    await t.until((s) => s.includes('openai/gpt-4o-mini') && /per million|context/i.test(s));
    await t.close();
  });
});
