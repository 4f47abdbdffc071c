/**
 * What the user reads on Slack, with native streaming and with post-then-update, over HTTP and Socket
 * Mode: a 10,000-character answer arrives whole with balanced code fences; upstream failures give
 * one clear message and keep partial text; model output pings no one; Stop aborts; Regenerate re-answers.
 */
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../fakes/slack.js';
import { answered, isFinished, isStopButton, OR_KEY, type SlackMode, visible } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const variants: Array<{ mode: SlackMode; streaming: 'native' | 'update' }> = [
  { mode: 'http', streaming: 'native' },
  { mode: 'socket', streaming: 'native' },
  { mode: 'http', streaming: 'update' },
];

describe.each(variants)('Slack answers ($mode mode, $streaming streaming)', ({ mode, streaming }) => {
  const { slack, openrouter, bot } = useSlackBot({
    mode,
    env: { SLACK_STREAMING: streaming },
    fake: { defaultTimeoutMs: 15_000 },
  });
  const chatRequests = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

  async function ask(text: string) {
    const asked = slack.mention({ text });
    await bot.send(asked);
    return { ts: asked.ts as string, bots: await answered(slack, slack.channelId, asked.ts) };
  }
  const warnings = (views: MessageView[]) => views.filter((m) => m.text.includes('⚠️'));

  it('delivers a 10,000-character answer with code blocks whole, fences balanced per message', {
    timeout: 40_000,
  }, async () => {
    const block = (lang: string, n: number) =>
      `\`\`\`${lang}\n${Array.from({ length: 25 }, (_, i) => `const v${n}_${i} = ${i} * ${i};`).join('\n')}\n\`\`\``;
    const text = Array.from(
      { length: 10 },
      (_, n) => `Part ${n}: ${'explanation '.repeat(40).trim()}\n\n${block(n % 2 ? 'ts' : 'py', n)}`,
    ).join('\n\n');
    expect(text.length).toBeGreaterThan(10_000);
    openrouter.queueReply({ text, chunkSize: 400 });
    const { ts } = await ask('long code please');
    const bots = slack.messages(slack.channelId, ts).filter((m) => m.isBot);
    for (const m of bots) expect(m.text.split('\n').filter((l) => /^```/.test(l)).length % 2, m.text).toBe(0);
    const strip = (s: string) =>
      s
        .split('\n')
        .filter((l) => !/^```/.test(l))
        .join('')
        .replace(/\s+/g, '');
    expect(strip(visible(bots))).toContain(strip(text));
    const codeLines = (s: string) => s.split('\n').filter((l) => l.startsWith('const v'));
    expect(bots.flatMap((m) => codeLines(m.text))).toEqual(codeLines(text));
  });

  it('an upstream 500 gives one clear message, and the thread goes on', async () => {
    openrouter.injectFault({ kind: 'status', status: 500 }, { count: 1, path: '/chat/completions' });
    const { ts } = await ask('will fail once');
    const all = [...slack.messages(slack.channelId, ts), ...slack.messages(slack.channelId)];
    expect(warnings(all)).toHaveLength(1);
    expect(warnings(all)[0]?.text).toMatch(/OpenRouter|provider|try again/i);
    expect(visible(all)).not.toContain(OR_KEY);
    await bot.send(slack.message({ text: 'try again', threadTs: ts }));
    await slack.waitFor(() =>
      slack.messages(slack.channelId, ts).find((m) => isFinished(m) && m.text.includes('Echo: try again')),
    );
  });

  it('a mid-stream error keeps the partial answer and says what happened once', async () => {
    openrouter.queueReply({ text: 'partial words before the failure', chunkSize: 4 });
    openrouter.injectFault(
      { kind: 'mid-stream-error', afterChunks: 3, message: 'provider went away' },
      { count: 1 },
    );
    const { ts } = await ask('break midway');
    const thread = await slack.waitFor(() => {
      const views = slack.messages(slack.channelId, ts);
      return warnings(views).length > 0 && views.every((m) => m.streaming !== 'in_progress')
        ? views
        : undefined;
    });
    expect(visible(thread)).toContain('partial word');
    expect(visible(thread)).toMatch(/\(incomplete\)/);
    expect(warnings([...thread, ...slack.messages(slack.channelId)])).toHaveLength(1);
  });

  it('model output with @everyone, <!channel> and a group mention pings no one', async () => {
    openrouter.queueReply({
      text: 'Hello @everyone and @here and <!channel> and <!subteam^S0FAKE|eng>!',
      chunkSize: 6,
    });
    const { bots } = await ask('ping test');
    const answer = bots.find(isFinished) as MessageView;
    expect(answer.text).toContain('everyone');
    const sent = JSON.stringify(
      slack
        .calls()
        .filter((c) => c.method.startsWith('chat.'))
        .map((c) => c.params),
    );
    expect(sent).not.toMatch(/<!(everyone|here|channel|subteam)/);
    expect(sent).not.toMatch(/(^|[^\u200b])@(everyone|here|channel)\b/);
    expect(sent).not.toMatch(/"link_names":("1"|"true"|true|1)|"parse":"full"/);
  });

  it('Stop aborts a streaming answer: upstream closed, "(stopped)" shown, no Stop left', async () => {
    openrouter.queueReply({ text: 'x'.repeat(400), chunkSize: 10, hold: true });
    const asked = slack.mention({ text: 'never ending story' });
    await bot.send(asked);
    // the Stop button is on the answer (update mode) or on a companion message under it (native streams)
    await slack.waitFor(() =>
      slack.messages(slack.channelId, asked.ts).some((m) => m.isBot && m.text.includes('x')),
    );
    const streamingMsg = await slack.waitFor(
      () => slack.messages(slack.channelId, asked.ts).find((m) => m.isBot && m.buttons.some(isStopButton)),
      5_000,
    );
    const closed = openrouter.waitForClientClose(10_000);
    await bot.send(slack.clickButton({ channel: slack.channelId, ts: streamingMsg.ts, button: 'stop:' }));
    await closed;
    const final = await slack.waitFor(() =>
      slack
        .messages(slack.channelId, asked.ts)
        .find((m) => m.isBot && m.text.includes('(stopped)') && m.streaming !== 'in_progress'),
    );
    expect(final.text).toContain('x');
    expect(slack.messages(slack.channelId, asked.ts).some((m) => m.buttons.some(isStopButton))).toBe(false);
  });

  it('Regenerate answers the last question again', async () => {
    openrouter.queueReply({ text: 'first take on it' });
    const { ts, bots } = await ask('tell me a fact');
    const first = bots.find(isFinished) as MessageView;
    openrouter.queueReply({ text: 'second take on it' });
    await bot.send(slack.clickButton({ channel: slack.channelId, ts: first.ts, button: 'regenerate:' }));
    await slack.waitFor(() =>
      slack.messages(slack.channelId, ts).find((m) => isFinished(m) && m.text.includes('second take on it')),
    );
    expect(chatRequests()).toHaveLength(2);
    const body = JSON.stringify(chatRequests()[1]?.body);
    expect(body).toContain('tell me a fact');
    expect(body).not.toContain('first take on it');
  });
});
