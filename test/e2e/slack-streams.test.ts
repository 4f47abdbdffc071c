/**
 * Slack's limits meeting a long answer: a native stream that Slack ends early
 * (`message_not_in_streaming_state`) and `msg_too_long` on post/update lose no text.
 */
import { describe, expect, it } from 'vitest';
import { answered, isFinished, visible } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('Slack limits: a stream that lives 600 ms', () => {
  const { slack, openrouter, bot } = useSlackBot({
    fake: { streamLifetimeMs: 600, defaultTimeoutMs: 15_000 },
  });

  it('a native stream that Slack stops accepting continues in a new message', async () => {
    const text = words(300);
    openrouter.queueReply({ text, chunkSize: 40, chunkDelayMs: 40 });
    const asked = slack.mention({ text: 'a slow long answer' });
    await bot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    expect(slack.calls('chat.appendStream').some((c) => c.error === 'message_not_in_streaming_state')).toBe(
      true,
    );
    expect(squash(visible(bots))).toContain(squash(text));
    expect(bots.filter(isFinished)).toHaveLength(1);
  });
});

describe('Slack limits', () => {
  const { slack, openrouter, bot, start } = useSlackBot({ fake: { defaultTimeoutMs: 15_000 } });

  it('msg_too_long from Slack (post-then-update) moves text on instead of dropping it', async () => {
    await start({ env: { SLACK_STREAMING: 'update' } });
    // comparisons in prose: mrkdwn escapes < > & as entities, so 2,800 characters become ~6,000
    const text = Array.from({ length: 700 }, (_, i) => `x${i}<y && y>z;`).join(' ');
    openrouter.queueReply({ text, chunkSize: 500 });
    const asked = slack.mention({ text: 'compare things' });
    await bot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    expect(slack.calls().some((c) => c.error === 'msg_too_long')).toBe(true);
    expect(bots.filter((m) => m.text.includes('⚠️'))).toEqual([]);
    expect(squash(visible(bots))).toContain(squash(text));
    expect(bots.filter(isFinished)).toHaveLength(1);
  });

  it('a channel-specific refusal of a native stream falls back for that answer only; a missing scope turns it off', async () => {
    const ask = async (text: string) => {
      const asked = slack.mention({ text });
      await bot.send(asked);
      return answered(slack, slack.channelId, asked.ts);
    };
    slack.failNext('chat.startStream', 'not_in_channel');
    const first = await ask('first question');
    expect(visible(first)).toContain('Echo: first question'); // posted and updated instead
    await ask('second question');
    expect(slack.calls('chat.startStream').filter((c) => c.ok)).toHaveLength(1); // streaming still on
    slack.failNext('chat.startStream', 'missing_scope');
    await ask('third question');
    await ask('fourth question');
    expect(slack.calls('chat.startStream')).toHaveLength(3); // not tried after missing_scope
  });
});
