/**
 * Update pressure on Slack: 50 answers streaming at once (50 `app_mention`s from 50 users POSTed
 * at once to the bot in HTTP mode, one thread each), each fake reply paced over ~6 s.
 *  - SLACK_STREAMING=update: every answer is posted, then changed with `chat.update`. For every bot
 *    message: its updates per second over its lifetime (post → last update) and the most updates it
 *    received within any 1 s (the goal: at most 1 per second per message);
 *  - SLACK_STREAMING=native: the same answers as `chat.startStream` / `chat.appendStream` /
 *    `chat.stopStream`, counting `chat.appendStream` the same way, for comparison.
 * Every figure comes from the fake Slack's own call timestamps. The real bot (core + @slack/bolt)
 * runs here, at the real STREAM_EDIT_INTERVAL_MS=1000; the fakes run in their own process.
 */
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { percentile, table } from './discord-fakes.js';
import {
  bootSlackBot,
  type RateStats,
  type SlackFakes,
  type SlackFinishStats,
  spawnSlackFakes,
} from './slack-fakes.js';

const ANSWERS = 50;
/** ~1,200 characters in 100 chunks, one every 60 ms: each upstream stream lasts about 6 s. */
const reply = { text: 'word '.repeat(240), chunkSize: 12, chunkDelayMs: 60 };
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };

type Streaming = 'update' | 'native';
const METHOD: Record<Streaming, string> = { update: 'chat.update', native: 'chat.appendStream' };

let fakes: SlackFakes;
const results: Array<{ streaming: Streaming; rates: RateStats; done: SlackFinishStats }> = [];

async function scenario(streaming: Streaming) {
  const bot = await bootSlackBot(fakes, {
    env: { SLACK_STREAMING: streaming, STREAM_EDIT_INTERVAL_MS: '1000' },
  });
  try {
    // warm-up (JIT, sockets, caches), not counted
    await fakes.call({
      op: 'burst',
      spec: { mentions: 5, followups: 0, prompt: 'warm up', reply: { text: 'warm', chunkSize: 4 } },
    });
    await fakes.call({ op: 'finished', timeoutMs: 30_000 });
    await fakes.call({ op: 'reset' });
    await fakes.call({
      op: 'burst',
      spec: { mentions: ANSWERS, followups: 0, prompt: 'stream a long answer', reply },
    });
    const done = await fakes.call({ op: 'finished', timeoutMs: 90_000 });
    if (done.finished !== ANSWERS)
      throw new Error(`${streaming}: ${done.failed} of ${ANSWERS} answers failed`);
    results.push({ streaming, rates: await fakes.call({ op: 'rates', method: METHOD[streaming] }), done });
  } finally {
    await bot.stop();
  }
}

beforeAll(async () => {
  fakes = await spawnSlackFakes();
});

afterAll(async () => {
  await fakes?.stop();
  if (results.length === 0) return;
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const rows = results.map(({ streaming, rates: r, done }) => {
    const perSecond = r.messages.map((m) => m.perSecond).sort((a, b) => a - b);
    const counts = r.messages.map((m) => m.calls).sort((a, b) => a - b);
    const maxIn1s = Math.max(...r.messages.map((m) => m.maxIn1s));
    const over1 = r.messages.filter((m) => m.maxIn1s > 1).length;
    const withPost = Math.max(...r.messages.map((m) => m.maxIn1sWithPost));
    const firstGap = r.messages.map((m) => m.firstGapMs).sort((a, b) => a - b);
    const mean = perSecond.reduce((a, b) => a + b, 0) / perSecond.length;
    return [
      `\`SLACK_STREAMING=${streaming}\``,
      `\`${r.method}\``,
      r.messages.length,
      `${percentile(counts, 50)} (${counts[0]}–${counts.at(-1)})`,
      `${mean.toFixed(2)} / ${(perSecond.at(-1) ?? 0).toFixed(2)}`,
      `**${maxIn1s}** (${over1} messages > 1)`,
      `${withPost} (post → 1st: ${percentile(firstGap, 50)} ms)`,
      `${r.methodBusiest1s} / ${r.methodBusiest60s}`,
      `${r.total} (busiest 1 s: ${r.allBusiest1s})`,
      `${s(percentile(done.answerMs, 50))} / ${s(done.answerMs.at(-1) ?? 0)}`,
    ];
  });
  const methods = results.map(
    ({ streaming, rates: r }) =>
      `${streaming}: ${Object.entries(r.byMethod)
        .sort((a, b) => b[1] - a[1])
        .map(([m, n]) => `${m} ${n}`)
        .join(', ')}${
        Object.keys(r.errors).length
          ? `; refused: ${Object.entries(r.errors)
              .map(([e, n]) => `${e} ×${n}`)
              .join(', ')}`
          : ''
      }`,
  );
  console.log(
    `\n${ANSWERS} answers streaming at once, ~6 s each (STREAM_EDIT_INTERVAL_MS=1000); per bot message:\n` +
      table(
        [
          'mode',
          'counted call',
          'bot messages',
          'calls per message p50 (min–max)',
          'calls/s over its lifetime, mean / max',
          'most in any 1 s, one message',
          '… counting the post (post → first call, p50)',
          'workspace: busiest 1 s / 60 s',
          'Web API calls in all',
          'answer done p50 / max (s)',
        ],
        rows,
      ) +
      `\nWeb API calls by method — ${methods.join(' | ')}\n`,
  );
});

describe(`Slack updates: ${ANSWERS} answers streaming at once`, () => {
  // async functions: tinybench calls a plain function once more just to see whether it returns a promise
  bench(
    `${ANSWERS} × post-then-update (chat.update)`,
    async () => {
      await scenario('update');
    },
    once,
  );
  bench(
    `${ANSWERS} × native stream (chat.appendStream)`,
    async () => {
      await scenario('native');
    },
    once,
  );
});
