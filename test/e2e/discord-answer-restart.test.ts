/**
 * kill -9 while an answer streams on Discord: the bot runs as a real process on a SQLite DATA_DIR,
 * is SIGKILLed mid-answer and started again on the same data. The frozen message is edited to
 * show its text with "(interrupted by a restart)", its cost and no Stop button; the cut answer is
 * in the history (a follow-up sends question, cut answer, follow-up), and its cost was looked up.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationStore } from '../../src/conversations/conversation-store.js';
import { turnText } from '../../src/conversations/types.js';
import { createStateStore } from '../../src/state/create-state-store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { discordBotEnv } from '../helpers/bot-env.js';
import { type BotProcess, botsOnOneDataDir } from './bot-process.js';
import { isFinished } from './discord-harness.js';

const KEY = 'sk-or-v1-answer-restart-0123456789abcdef';
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
const bots = botsOnOneDataDir('sb-answer-kill-');

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
  discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
});
afterAll(async () => {
  await discord.close();
  await openrouter.close();
});

function start(): BotProcess {
  return bots.start({
    ...discordBotEnv(discord, openrouter, KEY),
    STREAM_EDIT_INTERVAL_MS: '200',
    LOG_LEVEL: 'debug',
  });
}

describe('an answer across kill -9 (Discord)', () => {
  it('is shown as interrupted, kept in the history as cut off, and its cost recorded', async () => {
    const first = start();
    await first.until('discord ready');
    openrouter.queueReply({
      text: 'The first half of the answer. And the second half never arrives.',
      chunkSize: 30,
      hold: true,
    });
    await discord.sendMessage({ content: 'tell me something long', mentionsBot: true });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('something long')),
    );
    const frozen = await discord.waitFor(() =>
      discord
        .messages(thread.id)
        .find((m) => m.content.includes('The first half') && JSON.stringify(m.components).includes('"stop:')),
    );
    // the text shown (30 characters) is in the store: the journal says so once the write landed
    await first.until('"chars":30,"controls":false,"msg":"streaming answer kept"');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = start();
    await second.until('interrupted answers recovered');
    const fixed = await discord.waitFor(() =>
      discord
        .messages(thread.id)
        .find((m) => m.id === frozen.id && m.content.includes('(interrupted by a restart)')),
    );
    expect(fixed.content).toContain('The first half of the answer.');
    expect(JSON.stringify(fixed.components)).not.toContain('stop:');
    const generationId = /gen-[0-9a-f]+/.exec(fixed.content)?.[0];
    expect(fixed.content).toMatch(/\$\d/); // its cost, from GET /generation
    expect(openrouter.requests.some((r) => r.path === '/generation' && r.query.id === generationId)).toBe(
      true,
    );

    // the next question sees the cut answer between the two questions
    await discord.sendMessage({ channelId: thread.id, content: 'please go on' });
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.includes('Echo: please go on') && isFinished(m)),
    );
    const body = openrouter.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as {
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(body.messages[2]?.content).toContain('The first half of the answer.');
    expect(body.messages[2]?.content).toContain('cut off');

    // the bot owns its SQLite file while it runs: stop it, then read what it kept
    const exited = once(second.child, 'exit');
    second.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
    const store = await createStateStore({ dataDir: bots.dataDir });
    try {
      // an answer leaves the journal once it is stored
      let left = 0;
      for await (const _ of store.namespace('answers-in-flight').entries()) left++;
      expect(left).toBe(0);
      const convo = await createConversationStore(store).get(`discord:thread:${thread.id}`);
      expect(convo?.turns.map((t) => [t.role, t.status, turnText(t).slice(0, 14)])).toEqual([
        ['user', 'complete', 'tell me someth'],
        ['assistant', 'interrupted', 'The first half'],
        ['user', 'complete', 'please go on'],
        ['assistant', 'complete', 'Echo: please g'],
      ]);
      expect(convo?.turns[1]?.usage?.cost).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 90_000);
});
