/**
 * Edit pressure on Discord: many answers streaming at once in one channel, at the real edit
 * interval (STREAM_EDIT_INTERVAL_MS=1000) with fake replies paced over ~6 s, so the per-channel
 * budget (about 5 edits per 5 s) has to hold them back. Counts, from the fake Discord's own
 * timestamps, the most edits any single channel received in any 5 s window (`maxInWindow`):
 *  - 50 × /chat in #general: every answer streams in its own thread under #general;
 *  - 10 × /chat private:true in #general: ephemeral answers that all share #general's budget.
 * The real bot (core + discord.js) runs here; the fakes run in their own process.
 */
import { afterAll, beforeAll, bench, describe } from 'vitest';
import {
  type BenchBot,
  bootBot,
  type EditStats,
  type Fakes,
  type FinishStats,
  percentile,
  spawnFakes,
  table,
} from './discord-fakes.js';

const WINDOW_MS = 5_000;
/** ~1,200 characters in 100 chunks, one every 60 ms: each upstream stream lasts about 6 s. */
const reply = { text: 'word '.repeat(240), chunkSize: 12, chunkDelayMs: 60 };
const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };

let fakes: Fakes;
let bot: BenchBot;
const results: Array<{ name: string; count: number; edits: EditStats; done: FinishStats }> = [];

async function scenario(name: string, count: number, isPrivate: boolean) {
  await fakes.call({ op: 'reset' });
  await fakes.call({
    op: 'burst',
    spec: { count, prompt: 'stream a long answer', reply, private: isPrivate },
  });
  const done = await fakes.call({ op: 'finished', timeoutMs: 90_000 });
  if (done.finished !== count) throw new Error(`${name}: ${done.failed} of ${count} answers failed`);
  results.push({ name, count, edits: await fakes.call({ op: 'edits', windowMs: WINDOW_MS }), done });
}

beforeAll(async () => {
  fakes = await spawnFakes();
  bot = await bootBot(fakes, { env: { STREAM_EDIT_INTERVAL_MS: '1000' } });
  // warm-up (JIT, sockets, caches), not counted
  await fakes.call({
    op: 'burst',
    spec: { count: 5, prompt: 'warm up', reply: { text: 'warm', chunkSize: 4 } },
  });
  await fakes.call({ op: 'finished', timeoutMs: 30_000 });
});

afterAll(async () => {
  await bot?.stop();
  await fakes?.stop();
  if (results.length === 0) return;
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `\nMost edits one channel received in any ${WINDOW_MS / 1000} s window (STREAM_EDIT_INTERVAL_MS=1000, ~6 s streams):\n` +
      table(
        [
          'scenario',
          '#general: channel API',
          '#general: interaction webhooks',
          'any one thread',
          'all threads together',
          'answer done p50 / max (s)',
          'REST calls (busiest 1 s)',
        ],
        results.map(({ name, edits: e, done }) => [
          name,
          e.parent.viaChannel,
          `${e.parent.viaWebhook} (${e.parent.total} in all)`,
          e.threads ? `${e.perThreadMax} (mean ${e.perThreadMean.toFixed(1)}, ${e.threads} threads)` : '–',
          e.threads ? `${e.acrossThreads} (${e.threadEditsTotal} in all)` : '–',
          `${s(percentile(done.answerMs, 50))} / ${s(done.answerMs.at(-1) ?? 0)}`,
          `${e.requests} (${e.maxRequestsPerSecond})`,
        ]),
      ) +
      '\n',
  );
});

describe('Discord edit budget under load', () => {
  // async functions: tinybench calls a plain function once more just to see whether it returns a promise
  bench(
    '50 × /chat in #general, one thread each',
    async () => {
      await scenario('50 × /chat (threads)', 50, false);
    },
    once,
  );
  bench(
    '10 × /chat private:true in #general',
    async () => {
      await scenario('10 × /chat private (no threads)', 10, true);
    },
    once,
  );
});
