/**
 * Ack latency on Discord: 200 `/chat` interactions dispatched at once by the fake gateway, timed
 * from INTERACTION_CREATE sent to the interaction callback (type 4 with the reply, or a type-5
 * defer) received by the fake REST, both on the fakes' clock. The real bot (core + discord.js) runs here; the fakes run in their own process.
 * Each round also waits until all 200 short answers are finished, so rounds do not overlap.
 */
import { afterAll, beforeAll, bench, describe } from 'vitest';
import {
  type BenchBot,
  bootBot,
  type Fakes,
  type FinishStats,
  percentile,
  spawnFakes,
  table,
} from './discord-fakes.js';

const BURST = 200;
const ROUNDS = 2;
const reply = { text: 'A short answer.', chunkSize: 8 };

let fakes: Fakes;
let bot: BenchBot;
const rounds: Array<{ ack: number[]; missing: number; types: Set<number | null>; done: FinishStats }> = [];

async function round(count: number) {
  await fakes.call({ op: 'reset' });
  await fakes.call({ op: 'burst', spec: { count, prompt: 'quick question', reply } });
  const cbs = await fakes.call({ op: 'callbacks', timeoutMs: 6_000 });
  const done = await fakes.call({ op: 'finished', timeoutMs: 90_000 });
  const ack = cbs
    .filter((c) => c.at !== null)
    .map((c) => (c.at as number) - c.sentAt)
    .sort((a, b) => a - b);
  return {
    ack,
    missing: cbs.filter((c) => c.at === null).length,
    types: new Set(cbs.map((c) => c.type)),
    done,
  };
}

beforeAll(async () => {
  fakes = await spawnFakes();
  // the edit interval does not matter for one short chunk; the default keeps it realistic
  bot = await bootBot(fakes, { env: { STREAM_EDIT_INTERVAL_MS: '1000' } });
  await round(20); // warm-up: JIT, connection pools, discord.js caches
});

afterAll(async () => {
  await bot?.stop();
  await fakes?.stop();
  if (rounds.length === 0) return;
  const all = rounds.flatMap((r) => r.ack).sort((a, b) => a - b);
  const rows = rounds.map((r, i) => [
    `round ${i + 1}`,
    r.ack.length,
    percentile(r.ack, 50),
    percentile(r.ack, 99),
    r.ack.at(-1) ?? 'n/a',
    r.missing,
    (r.done.lastFinishedMs / 1000).toFixed(1),
  ]);
  rows.push([
    `**all ${all.length}**`,
    all.length,
    percentile(all, 50),
    percentile(all, 99),
    all.at(-1) ?? 'n/a',
    rounds.reduce((n, r) => n + r.missing, 0),
    '',
  ]);
  console.log(
    `\nAck latency, ${BURST} × /chat at once (INTERACTION_CREATE sent → callback received, ms):\n` +
      table(['', 'acked', 'p50', 'p99', 'max', 'no ack', 'all answered (s)'], rows) +
      `\ncallback types seen: ${[...new Set(rounds.flatMap((r) => [...r.types]))].join(', ')}\n`,
  );
});

describe(`Discord ack: ${BURST} × /chat at once`, () => {
  bench(
    `${BURST} interactions → ${BURST} defers → ${BURST} answers`,
    async () => {
      rounds.push(await round(BURST));
    },
    { iterations: ROUNDS, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
