/**
 * The floor for the Slack benchmarks: a minimal, correct @slack/bolt 5 bot (HTTP receiver) doing
 * the same visible work as Switchboard: an `app_mention` (or a reply in a thread it answered) is
 * answered in the thread with Slack's native streaming — `chat.startStream` with the first words,
 * `chat.appendStream` at most twice a second, `chat.stopStream` with the rest, a footer and a
 * button. No state store, no logs, no policies, no user lookups.
 * Configured by env: BARE_SLACK_API, BARE_SLACK_TOKEN, BARE_SLACK_SECRET, BARE_SLACK_PORT,
 * BARE_OPENROUTER_URL, BARE_OPENROUTER_KEY.
 */
import bolt from '@slack/bolt';
import { endWithBench, footerOf, type Streamed, streamChat } from './bare-stream.js';

const env = (name: string) => process.env[name] ?? '';
/** Slack reads <!here>, <!channel> and <@U…> in model output as pings: defuse the brackets. */
const defuse = (s: string) => s.replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const app = new bolt.App({
  token: env('BARE_SLACK_TOKEN'),
  signingSecret: env('BARE_SLACK_SECRET'),
  clientOptions: { slackApiUrl: env('BARE_SLACK_API'), retryConfig: { retries: 0 } },
  logLevel: bolt.LogLevel.ERROR,
});
const threads = new Set<string>();

async function answer(
  client: bolt.webApi.WebClient,
  at: { channel: string; thread: string; user: string; team: string },
  prompt: string,
) {
  threads.add(at.thread);
  const done: Streamed = { model: '', id: '', tokens: 0 };
  let ts: string | undefined;
  let shown = 0;
  let text = '';
  let last = 0;
  try {
    for await (const piece of streamChat(
      env('BARE_OPENROUTER_URL'),
      env('BARE_OPENROUTER_KEY'),
      prompt,
      done,
    )) {
      text += piece;
      if (!ts) {
        const res = await client.chat.startStream({
          channel: at.channel,
          thread_ts: at.thread,
          markdown_text: defuse(text),
          recipient_user_id: at.user,
          recipient_team_id: at.team,
        });
        ts = res.ts as string;
        shown = text.length;
        last = Date.now();
      } else if (Date.now() - last >= 500) {
        await client.chat.appendStream({ channel: at.channel, ts, markdown_text: defuse(text.slice(shown)) });
        shown = text.length;
        last = Date.now();
      }
    }
  } catch (err) {
    text += `\n⚠️ ${String(err)}`;
  }
  const blocks = [
    { type: 'context', elements: [{ type: 'mrkdwn', text: footerOf(done) }] },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'regenerate:last', text: { type: 'plain_text', text: 'Regenerate' } },
      ],
    },
  ];
  const rest = text.slice(shown);
  if (ts)
    await client.chat.stopStream({
      channel: at.channel,
      ts,
      ...(rest ? { markdown_text: defuse(rest) } : {}),
      blocks: blocks as never,
    });
  else
    await client.chat.postMessage({
      channel: at.channel,
      thread_ts: at.thread,
      text: defuse(text),
      blocks: blocks as never,
    });
}

app.event('app_mention', async ({ event, body, client }) => {
  const prompt = event.text.replace(/<@[^>]+>/g, '').trim();
  const thread = event.thread_ts ?? event.ts;
  await answer(
    client,
    { channel: event.channel, thread, user: event.user ?? '', team: body.team_id },
    prompt,
  );
});

app.message(async ({ message, body, client }) => {
  const m = message as {
    subtype?: string;
    bot_id?: string;
    thread_ts?: string;
    text?: string;
    user?: string;
    channel: string;
  };
  if (m.subtype || m.bot_id || !m.thread_ts || !threads.has(m.thread_ts) || m.text?.includes('<@')) return;
  await answer(
    client,
    {
      channel: m.channel,
      thread: m.thread_ts,
      user: m.user ?? '',
      team: (body as { team_id: string }).team_id,
    },
    m.text ?? '',
  );
});

endWithBench();
await app.start({ port: Number(env('BARE_SLACK_PORT')), host: '127.0.0.1' });
process.send?.({ id: 0, ok: true, result: 'listening' });
