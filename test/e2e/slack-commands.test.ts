/**
 * `/switchboard` on Slack in HTTP mode and Socket Mode: help, `chat` with good arguments (a thread
 * under the question, answered there) and bad ones (a clear ephemeral error, nothing asked upstream).
 */
import { describe, expect, it } from 'vitest';
import { dmChannel } from '../fakes/slack.js';
import { answered, isFinished, type SlackMode } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

describe.each<SlackMode>(['http', 'socket'])('/switchboard (%s mode)', (mode) => {
  const { slack, openrouter, bot } = useSlackBot({ mode });
  const chatRequests = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

  /** The ephemeral answer the invoking user gets for a slash command. */
  async function ephemeral(text: string) {
    const [ack] = await bot.send(slack.slash({ text }));
    expect(ack?.status).toBe(200);
    expect(ack?.ackMs).toBeLessThan(3_000);
    return slack.waitFor(() => slack.messages(slack.channelId).find((m) => m.ephemeralTo === slack.userId));
  }

  it('help lists the commands, only to the caller', async () => {
    const help = await ephemeral('help');
    expect(help.text).toContain('Switchboard commands');
    expect(help.text).toContain('/switchboard chat <prompt>');
    expect(slack.messages(slack.channelId).filter((m) => m.isBot && !m.ephemeralTo)).toEqual([]);
  });

  it('chat prompt:"…" opens a thread under the question and answers there', async () => {
    openrouter.queueReply({ text: 'A fake speaks the real protocol.', chunkSize: 5, chunkDelayMs: 10 });
    await bot.send(slack.slash({ text: 'chat prompt:"what is a good fake?"' }));
    const question = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.isBot && m.text.includes('asked: what is a good fake?')),
    );
    const bots = await answered(slack, slack.channelId, question.ts);
    expect(bots.find(isFinished)?.text).toContain('A fake speaks the real protocol.');
    expect(JSON.stringify(chatRequests()[0]?.body)).toContain('what is a good fake?');
  });

  it('chat private:true answers in the DM, and nothing shows in the channel', async () => {
    await bot.send(slack.slash({ text: 'chat prompt:"my private question" private:true' }));
    const dm = dmChannel(slack.userId);
    const bots = await answered(slack, dm);
    expect(bots.find(isFinished)?.text).toContain('Echo: my private question');
    const inChannel = slack.messages(slack.channelId).filter((m) => m.isBot);
    expect(inChannel.every((m) => m.ephemeralTo === slack.userId)).toBe(true);
    expect(inChannel.some((m) => m.text.includes('privately in our DM'))).toBe(true);
  });

  it.each([
    ['chat', /prompt/],
    ['chat reasoning:extreme hello', /reasoning/],
    ['frobnicate now', /no command called "frobnicate"/],
  ])('"%s" gets a clear ephemeral error and asks nothing upstream', async (text, pattern) => {
    const err = await ephemeral(text);
    expect(err.text).toMatch(/⚠️/);
    expect(err.text).toMatch(pattern);
    expect(chatRequests()).toHaveLength(0);
    expect(slack.messages(slack.channelId).filter((m) => m.isBot && !m.ephemeralTo)).toEqual([]);
  });
});
