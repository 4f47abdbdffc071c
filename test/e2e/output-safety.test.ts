/**
 * Output is safe and bounded: Slack user and user-group mentions written by the model are inert on
 * every send path (post, update, native stream) and masked links show their target; an answer longer
 * than ten messages continues as an attached file (Discord); a stream that only sends keep-alive
 * comments ends at the idle timeout instead of never.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, type MessageView, startFakeSlack } from '../fakes/slack.js';
import { isFinished as discordFinished, startBot } from './discord-harness.js';
import { answered, isFinished, type SlackBot, startSlackBot, visible } from './slack-harness.js';

let openrouter: FakeOpenRouter;

beforeAll(async () => {
  // both harnesses use their own key: the fake takes any bearer key here
  openrouter = await startFakeOpenRouter();
});
afterAll(async () => {
  await openrouter.close();
});

describe.each(['native', 'update'] as const)('Slack output (%s streaming)', (streaming) => {
  let slack: FakeSlack;
  let bot: SlackBot;
  beforeEach(async () => {
    openrouter.reset();
    slack = await startFakeSlack({ defaultTimeoutMs: 10_000 });
    bot = await startSlackBot(slack, openrouter, {
      mode: 'http',
      env: {
        SLACK_STREAMING: streaming,
        OPENROUTER_TIMEOUT_IDLE_MS: '400',
        OPENROUTER_TIMEOUT_FIRST_BYTE_MS: '400',
      },
    });
  });
  afterEach(async () => {
    await bot.stop();
    await slack.close();
  });

  it('user and group mentions from the model ping no one; a masked link shows its target', async () => {
    openrouter.queueReply({
      text: 'Ask <@U0VICTIM1> or <@W0VICTIM2|bob> and <!subteam^S0FAKE|eng>, then [click here](https://evil.example/phish).',
      chunkSize: 5,
    });
    const asked = slack.mention({ text: 'who should I ask?' });
    await bot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    const answer = bots.find(isFinished) as MessageView;
    expect(answer.text).toContain('VICTIM1');
    expect(answer.text).toContain('bob');
    const sent = JSON.stringify(
      slack
        .calls()
        .filter((c) => c.method.startsWith('chat.') || c.method.startsWith('files.'))
        .map((c) => c.params),
    );
    expect(sent).not.toMatch(/<@[UW]0VICTIM|<!subteam/);
    expect(visible(bots)).toContain('https://evil.example/phish');
  });

  it('a stream that sends only keep-alive comments ends at the idle timeout, text kept', async () => {
    openrouter.queueReply({ text: 'first words then silence', chunkSize: 4 });
    openrouter.injectFault({ kind: 'comments-only', afterChunks: 2, everyMs: 50 }, { count: 1 });
    const asked = slack.mention({ text: 'keep me waiting' });
    await bot.send(asked);
    const closed = openrouter.waitForClientClose(10_000);
    const warning = await slack.waitFor(() =>
      [...slack.messages(slack.channelId, asked.ts), ...slack.messages(slack.channelId)].find(
        (m) => m.isBot && m.text.includes('⚠️'),
      ),
    );
    await closed;
    expect(warning.text).toMatch(/did not answer in time \(idle stream/);
    expect(visible(slack.messages(slack.channelId, asked.ts))).toContain('first wo');
  });
});

describe('Discord: an answer longer than ten messages', () => {
  let discord: FakeDiscord;
  let stopBot: () => Promise<void>;
  beforeEach(async () => {
    openrouter.reset();
    discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
    stopBot = (await startBot(discord, openrouter, { env: { STREAM_EDIT_INTERVAL_MS: '100' } })).stop;
  });
  afterEach(async () => {
    await stopBot();
    await discord.close();
  });

  it('shows ten messages, then the whole answer as an attached file', { timeout: 40_000 }, async () => {
    const text = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum '.repeat(12)}`).join(
      '\n\n',
    );
    expect(text.length).toBeGreaterThan(60_000);
    openrouter.queueReply({ text, chunkSize: 4_000 });
    const handle = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'a flood' }],
    });
    await handle.waitForCallback();
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).startsWith('a flood')),
    );
    const withFile = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.attachments.some((a) => a.filename === 'answer.md')),
    );
    const answerMessages = discord.messages(thread.id).filter((m) => m.attachments.length === 0);
    expect(answerMessages.length).toBeLessThanOrEqual(10);
    expect(answerMessages.some(discordFinished)).toBe(true);
    expect(answerMessages.map((m) => m.content).join('\n')).toContain('continued in the attached file');
    const file = withFile.attachments.find((a) => a.filename === 'answer.md');
    expect(Buffer.from(file?.data ?? new Uint8Array()).toString('utf8')).toBe(text);
  });
});
