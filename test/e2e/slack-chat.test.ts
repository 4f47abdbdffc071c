/**
 * The bot end to end on Slack, in HTTP mode and Socket Mode: a mention is answered in its thread
 * with a footer; replies in that thread continue with history; other channel messages are ignored;
 * DMs are conversations; a retried event is answered once; the bot ignores its own posts.
 */
import { describe, expect, it } from 'vitest';
import { dmChannel } from '../fakes/slack.js';
import { answered, isFinished, type SlackMode } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

type Body = { messages: Array<{ role: string; content: unknown }> };

describe.each<SlackMode>(['http', 'socket'])('Slack chat (%s mode)', (mode) => {
  const { slack, openrouter, bot, logs } = useSlackBot({ mode, logs: true });
  const chatRequests = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

  it('answers a mention in its thread, streamed, with the footer', async () => {
    openrouter.queueReply({
      text: 'The answer arrives in many small pieces over time.',
      chunkSize: 3,
      // ~1 s in all: long enough for appends between the first words and the end
      chunkDelayMs: 60,
    });
    const asked = slack.mention({ text: 'explain streaming' });
    const acks = await bot.send(asked);
    expect(acks.map((a) => a.status)).toEqual([200, 200]);
    expect(Math.max(...acks.map((a) => a.ackMs))).toBeLessThan(3_000);
    const bots = await answered(slack, slack.channelId, asked.ts);
    const answer = bots.find(isFinished);
    expect(answer?.thread_ts).toBe(asked.ts);
    expect(answer?.text).toContain('The answer arrives in many small pieces over time.');
    expect(answer?.text).toMatch(/openai\/gpt-4o-mini · \d+ tokens · \$[\d.e-]+ · gen-\w+/);
    expect(answer?.edits).toBeGreaterThanOrEqual(1);
    expect(answer?.buttons.map((b) => b.action_id)).toContainEqual(expect.stringMatching(/^regenerate:/));
    expect(chatRequests()).toHaveLength(1);
    expect(JSON.stringify(chatRequests()[0]?.body)).toContain('explain streaming');
    expect(JSON.stringify(chatRequests()[0]?.body)).not.toContain(`<@${slack.botUserId}>`);
    // nothing landed at the channel's top level besides the question
    expect(slack.messages(slack.channelId).filter((m) => m.isBot)).toEqual([]);
  });

  it('continues from a plain reply in the thread, with the history', async () => {
    const asked = slack.mention({ text: 'first question' });
    await bot.send(asked);
    await answered(slack, slack.channelId, asked.ts);
    await bot.send(slack.message({ text: 'second question', threadTs: asked.ts }));
    await slack.waitFor(() =>
      slack
        .messages(slack.channelId, asked.ts)
        .find((m) => isFinished(m) && m.text.includes('Echo: second question')),
    );
    const body = chatRequests().at(-1)?.body as Body;
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages)).toContain('first question');
    expect(JSON.stringify(body.messages)).toContain('Echo: first question');
  });

  it('ignores a plain channel message outside its threads', async () => {
    await bot.send(slack.message({ text: 'just chatting with colleagues' }));
    const other = slack.mention({ text: 'unrelated thread', channel: 'C0FAKEOTH1' });
    await bot.send(
      slack.message({
        text: 'a reply in a thread that is not ours',
        threadTs: other.ts,
        channel: 'C0FAKEOTH1',
      }),
    );
    const control = slack.mention({ text: 'control question' });
    await bot.send(control);
    await answered(slack, slack.channelId, control.ts);
    expect(chatRequests().map((r) => JSON.stringify(r.body).includes('control question'))).toEqual([true]);
    expect(slack.calls('chat.postMessage').every((c) => c.params.thread_ts === control.ts)).toBe(true);
  });

  it('holds a DM conversation at the top level of the DM', async () => {
    const dm = dmChannel(slack.userId);
    await bot.send(slack.dm({ text: 'hello in private' }));
    const first = await answered(slack, dm);
    expect(first.find(isFinished)?.text).toContain('Echo: hello in private');
    expect(first.find(isFinished)?.thread_ts).toBeUndefined();
    await bot.send(slack.dm({ text: 'and a follow-up' }));
    await answered(slack, dm, undefined, first.length);
    const body = chatRequests().at(-1)?.body as Body;
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(JSON.stringify(body.messages)).toContain('hello in private');
  });

  it('passes what the person typed, not Slack’s entities (&amp; &lt; &gt;)', async () => {
    const dm = dmChannel(slack.userId);
    await bot.send(slack.dm({ text: 'why does `a && b < c > d` fail?' }));
    await answered(slack, dm);
    const body = chatRequests().at(-1)?.body as Body;
    expect(JSON.stringify(body.messages)).toContain('a && b < c > d');
    expect(JSON.stringify(body.messages)).not.toContain('&amp;');
  });

  it('Regenerate works on a DM answer too', async () => {
    const dm = dmChannel(slack.userId);
    openrouter.queueReply({ text: 'first private take' });
    await bot.send(slack.dm({ text: 'a private question' }));
    const first = (await answered(slack, dm)).find(isFinished);
    openrouter.queueReply({ text: 'second private take' });
    await bot.send(slack.clickButton({ channel: dm, ts: first?.ts as string, button: 'regenerate:' }));
    await slack.waitFor(() =>
      slack.messages(dm).find((m) => isFinished(m) && m.text.includes('second private take')),
    );
    expect(chatRequests()).toHaveLength(2);
    expect(JSON.stringify(chatRequests()[1]?.body)).toContain('a private question');
  });

  it('answers a retried event (same event_id) once', async () => {
    openrouter.queueReply({ text: 'only once please', chunkSize: 4, chunkDelayMs: 20 });
    const asked = slack.mention({ text: 'slow ack' });
    await bot.send(asked);
    const retry = await bot.send(asked.inbound[0]!, { retry: { num: 1, reason: 'http_timeout' } });
    expect(retry[0]?.status).toBe(200);
    await answered(slack, slack.channelId, asked.ts);
    const control = slack.mention({ text: 'after the retry' });
    await bot.send(control);
    await answered(slack, slack.channelId, control.ts);
    expect(logs.some((l) => l.includes('duplicate Slack event ignored'))).toBe(true);
    expect(chatRequests()).toHaveLength(2);
    expect(slack.messages(slack.channelId, asked.ts).filter((m) => m.isBot && isFinished(m))).toHaveLength(1);
  });

  it('ignores its own messages (bot_id) echoed back by Slack', async () => {
    const asked = slack.mention({ text: 'say something' });
    await bot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    for (const m of bots) await bot.send(slack.botEcho(slack.channelId, m.ts));
    const dmAnswer = slack.dm({ text: 'control' });
    await bot.send(dmAnswer);
    await answered(slack, dmAnswer.channel);
    expect(chatRequests()).toHaveLength(2);
  });
});
