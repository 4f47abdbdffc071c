/**
 * Slack slash commands over HTTP are deduplicated like events: a replay of the same signed body
 * (same signature, inside Slack's 5-minute window) is acknowledged but not run a second time, while
 * a new invocation of the same command runs.
 */
import { describe, expect, it } from 'vitest';
import { slackSignature } from '../fakes/slack.js';
import { answered } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const { slack, openrouter, bot } = useSlackBot();

const chatRequests = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** One signed request, sent as often as asked with the very same headers and body (a replay). */
function signedSlash(text: string) {
  const action = slack.slash({ text });
  const inbound = action.inbound[0];
  if (inbound?.type !== 'slash_commands') throw new Error('not a slash command');
  const body = new URLSearchParams(inbound.body as Record<string, string>).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(slack.signingSecret, timestamp, body),
  };
  return () => fetch(bot.url as string, { method: 'POST', headers, body }).then((r) => r.status);
}

/** Waits for the question's thread (opened by the slash command) to hold a finished answer. */
async function answerWith(question: string) {
  const top = await slack.waitFor(() =>
    slack.messages(slack.channelId).find((m) => m.isBot && m.text.includes(`asked: ${question}`)),
  );
  return answered(slack, slack.channelId, top.ts);
}

describe('Slack slash command replay (HTTP mode)', () => {
  it('a replay of the same signed body is acknowledged but runs once', async () => {
    const send = signedSlash('chat prompt:"replayed question"');
    expect(await send()).toBe(200);
    await answerWith('replayed question');
    expect(await send()).toBe(200);
    // a genuinely new command afterwards runs; by the time it is answered the replay was handled
    expect(await signedSlash('chat prompt:"a new question"')()).toBe(200);
    await answerWith('a new question');
    const prompts = chatRequests().map((r) => JSON.stringify(r.body));
    expect(prompts.filter((p) => p.includes('replayed question'))).toHaveLength(1);
    expect(prompts.filter((p) => p.includes('a new question'))).toHaveLength(1);
  });
});
