/**
 * Platform calls per answer, counted at the fakes (exact counts, not timings): a threaded,
 * streamed Discord `/chat` and a Slack answer in a thread. See docs/performance.md for the table
 * of which call does what.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type Bot, isFinished, OR_KEY, startBot } from './discord-harness.js';
import {
  answered,
  OR_KEY as SLACK_KEY,
  type SlackBot,
  isFinished as slackFinished,
  startSlackBot,
} from './slack-harness.js';

let discord: FakeDiscord;
let openrouter: FakeOpenRouter;
let bot: Bot;

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: OR_KEY });
});
afterAll(async () => {
  await openrouter.close();
});

describe('Discord: REST calls per /chat', () => {
  beforeEach(async () => {
    openrouter.reset();
    discord = await startFakeDiscord({ defaultTimeoutMs: 10_000 });
    bot = await startBot(discord, openrouter, { env: { STREAM_EDIT_INTERVAL_MS: '1000' } });
  });
  afterEach(async () => {
    await bot.stop();
    await discord.close();
  });

  it('a short streamed answer in a new thread takes at most 4 calls', async () => {
    openrouter.queueReply({ text: 'A short answer.', chunkSize: 8 });
    const since = Date.now();
    const handle = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'count me' }],
    });
    const callback = await handle.waitForCallback();
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).startsWith('count me')),
    );
    await discord.waitFor(() => discord.messages(thread.id).some(isFinished));
    const calls = discord.requests
      .filter((r) => r.at >= since)
      .map((r) => `${r.method} ${r.path.replace(/\d{6,}|itok_\w+/g, ':id')}`);
    // the callback carries "asked: …" and returns the message; the thread opens from it; the
    // answer is posted there and its final edit adds the footer and buttons
    expect(calls).toEqual([
      'POST /interactions/:id/:id/callback',
      'POST /channels/:id/messages/:id/threads',
      'POST /channels/:id/messages',
      'PATCH /channels/:id/messages/:id',
    ]);
    expect(callback.type).toBe(4);
  });
});

describe('Slack: Web API calls per answer in a thread', () => {
  let slack: FakeSlack;
  let sbot: SlackBot;
  let or: FakeOpenRouter;
  beforeEach(async () => {
    or = await startFakeOpenRouter({ apiKey: SLACK_KEY });
    slack = await startFakeSlack({ defaultTimeoutMs: 10_000 });
    sbot = await startSlackBot(slack, or, { mode: 'http', env: { STREAM_EDIT_INTERVAL_MS: '1000' } });
  });
  afterEach(async () => {
    await sbot.stop();
    await slack.close();
    await or.close();
  });

  async function ask(user: string) {
    or.queueReply({ text: 'A short answer.', chunkSize: 8 });
    const since = Date.now();
    const asked = slack.mention({ text: 'count me', user });
    await sbot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    expect(bots.some(slackFinished)).toBe(true);
    return slack
      .calls()
      .filter((c) => c.at >= since)
      .map((c) => c.method);
  }

  it('a short answer to a mention takes at most 5 calls, the user never looked up', async () => {
    await slack.waitFor(() => slack.calls('auth.test').length > 0);
    const first = await ask('U0COUNT1');
    expect(first.length).toBeLessThanOrEqual(5);
    expect(first).not.toContain('users.info'); // no rule needs the admin flag, no message shows the name
    const again = await ask('U0COUNT1');
    expect(again).not.toContain('users.info');
    // the stream opens with the first words and its final call carries the rest, the footer and
    // the buttons; no Stop companion for an answer this short, no "is thinking…" status once words show
    expect(again).toEqual(['chat.startStream', 'chat.stopStream']);
  });
});
