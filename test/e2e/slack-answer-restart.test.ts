/**
 * kill -9 while an answer streams natively on Slack (chat.startStream, Socket Mode): the bot runs
 * as a real process on a SQLite DATA_DIR, is SIGKILLed mid-answer and started again on the same
 * data. The live message is ended with "(interrupted by a restart)" and a footer (chat.stopStream),
 * the Stop control is gone, the cut answer is in the history marked interrupted, and its cost was
 * looked up with GET /generation.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/conversations/types.js';
import { createStateStore } from '../../src/state/create-state-store.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type BotProcess, botsOnOneDataDir } from './bot-process.js';
import { isStopButton } from './slack-harness.js';

const KEY = 'sk-or-v1-slack-restart-0123456789abcdef';
let openrouter: FakeOpenRouter;
let slack: FakeSlack;
const bots = botsOnOneDataDir('sb-slack-kill-');

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
  slack = await startFakeSlack({ defaultTimeoutMs: 20_000 });
});
afterAll(async () => {
  await slack.close();
  await openrouter.close();
});

function start(): BotProcess {
  return bots.start({
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: openrouter.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    STREAM_EDIT_INTERVAL_MS: '200',
    LOG_LEVEL: 'debug',
  });
}

async function read<T>(ns: string): Promise<T[]> {
  const store = await createStateStore({ dataDir: bots.dataDir });
  try {
    const out: T[] = [];
    for await (const [, v] of store.namespace(ns).entries<T>()) out.push(v);
    return out;
  } finally {
    await store.close();
  }
}

describe('an answer across kill -9 (Slack, native stream)', () => {
  it('is ended as interrupted, its Stop control removed, kept in the history, its cost looked up', async () => {
    const first = start();
    await first.until('slack ready');
    await slack.waitForSocket();
    openrouter.queueReply({
      text: 'Half a thought, then silence. The rest never comes.',
      chunkSize: 30,
      hold: true,
    });
    const asked = slack.mention({ text: 'think out loud' });
    await slack.send(asked);
    const thread = () => slack.messages(slack.channelId, asked.ts).filter((m) => m.isBot);
    const live = await slack.waitFor(() =>
      thread().find((m) => m.streaming === 'in_progress' && m.text.includes('Half a thought')),
    );
    await slack.waitFor(() => thread().some((m) => m.buttons.some(isStopButton)));
    // the shown text (30 characters) and the Stop control are in the store once this is logged
    await first.until('"chars":30,"controls":true,"msg":"streaming answer kept"');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await slack.waitForSocketsClosed();

    const second = start();
    await second.until('interrupted answers recovered');
    const ended = await slack.waitFor(() =>
      thread().find((m) => m.ts === live.ts && m.text.includes('(interrupted by a restart)')),
    );
    expect(ended.streaming).toBe('done');
    expect(ended.text).toContain('Half a thought');
    const generationId = /gen-[0-9a-f]+/.exec(ended.text)?.[0];
    expect(generationId).toBeDefined();
    expect(thread().some((m) => m.buttons.some(isStopButton))).toBe(false);
    expect(openrouter.requests.some((r) => r.path === '/generation' && r.query.id === generationId)).toBe(
      true,
    );
    // the bot owns its SQLite file while it runs: stop it, then read what it kept
    const exited = once(second.child, 'exit');
    second.child.kill('SIGTERM');
    await slack.waitForSocketsClosed();
    const [code] = await exited;
    expect(code).toBe(0);
    expect(await read('answers-in-flight')).toEqual([]);
    const [convo] = await read<Conversation>('conversations');
    expect(convo?.turns.map((t) => [t.role, t.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'interrupted'],
    ]);
    expect(convo?.turns[1]?.usage?.cost).toBeGreaterThan(0);
  }, 90_000);
});
