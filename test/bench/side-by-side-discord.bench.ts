/**
 * Switchboard next to a bare discord.js bot (test/bench/bare-discord-bot.ts), alternately, against
 * the same fakes (fake Discord + fake OpenRouter in their own process): each round boots one bot in
 * a process of its own, warms it up with 200 `/chat` (BENCH_WARMUP, sent in bursts of 200), then sends 200 `/chat` at once (200 users, a
 * short streamed answer, one thread each) and waits until all 200 are final. Counted at the fakes:
 * REST calls per answer (exact). Measured: the bot process's CPU time per answer (/proc, from
 * outside), ack p50/p99 (INTERACTION_CREATE sent → callback received), time to all 200 answers,
 * RSS when idle after boot, and boot → gateway READY. Prints one table with the ratios.
 * BENCH_ROUNDS (default 2) rounds per bot. Run: npx vitest bench --run test/bench/side-by-side-discord
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  type BotProc,
  bareLabel,
  buildBots,
  isBareBot,
  type Kind,
  launch,
  removeBaseline,
} from './bot-proc.js';
import { type Fakes, spawnFakes, table } from './discord-fakes.js';
import {
  alternate,
  median,
  pairedRatios,
  perRound,
  type RoundFigures,
  ratioRow,
  summary,
} from './side-by-side-report.js';

const BURST = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Requests before the measured burst (BENCH_WARMUP): connection pools, caches and most of the JIT warmed up. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const reply = { text: 'A short answer.', chunkSize: 8 };

interface Figures extends RoundFigures {
  readyMs: number;
  byRoute: Record<string, number>;
}

let fakes: Fakes;
const results: Record<Kind, Figures[]> = { bare: [], switchboard: [] };

function envFor(kind: Kind): Record<string, string> {
  const { info } = fakes;
  if (isBareBot(kind))
    return {
      BARE_DISCORD_API: info.apiUrl,
      BARE_DISCORD_TOKEN: info.token,
      BARE_OPENROUTER_URL: info.openrouterUrl,
      BARE_OPENROUTER_KEY: info.apiKey,
    };
  return {
    OPENROUTER_API_KEY: info.apiKey,
    OPENROUTER_BASE_URL: info.openrouterUrl,
    OPENROUTER_MAX_RETRIES: '0',
    DISCORD_TOKEN: info.token,
    DISCORD_APPLICATION_ID: info.applicationId,
    DISCORD_API_URL: info.apiUrl,
    DOWNLOAD_ALLOWED_HOSTS: new URL(info.origin).host,
    STREAM_EDIT_INTERVAL_MS: '1000',
  };
}

async function burst(count: number) {
  await fakes.call({ op: 'reset' });
  await fakes.call({ op: 'burst', spec: { count, prompt: 'quick question', reply } });
  const cbs = await fakes.call({ op: 'callbacks', timeoutMs: 6_000 });
  const done = await fakes.call({ op: 'finished', timeoutMs: 120_000 });
  const edits = await fakes.call({ op: 'edits', windowMs: 1_000 });
  const ack = cbs
    .filter((c) => c.at !== null)
    .map((c) => (c.at as number) - c.sentAt)
    .sort((a, b) => a - b);
  return { ack, done, requests: edits.requests, byRoute: edits.byRoute };
}

async function round(kind: Kind): Promise<Figures> {
  await fakes.call({ op: 'noSessions', timeoutMs: 10_000 });
  const t0 = Date.now();
  const bot: BotProc = launch(kind, envFor(kind), './bare-discord-bot.ts');
  try {
    await fakes.call({ op: 'ready', timeoutMs: 30_000 });
    const readyMs = Date.now() - t0;
    await sleep(1_000);
    const idleRssMb = bot.rssMb();
    // warm-up in bursts like the measured one: JIT, connection pools, caches
    for (let left = WARMUP; left > 0; left -= BURST) await burst(Math.min(BURST, left));
    await bot.collectGarbage(); // both start the measured burst from a collected heap
    const cpu0 = bot.cpuMs();
    const { ack, done, requests, byRoute } = await burst(BURST);
    const cpuMs = (bot.cpuMs() - cpu0) / BURST;
    return {
      calls: requests / BURST,
      cpuMs,
      ack,
      allMs: done.lastFinishedMs,
      idleRssMb,
      readyMs,
      failed: done.failed,
      byRoute,
    };
  } finally {
    await bot.stop();
  }
}

beforeAll(async () => {
  buildBots(); // both run compiled, as in production (and BENCH_BASELINE's build)
  fakes = await spawnFakes();
}, 180_000);

afterAll(async () => {
  await fakes?.stop();
  removeBaseline();
  if (!results.bare.length || !results.switchboard.length) return;
  const fig = (kind: Kind) => ({
    ...summary(results[kind]),
    ready: median(results[kind].map((x) => x.readyMs)) / 1000,
  });
  const sb = fig('switchboard');
  const bare = fig('bare');
  const row = ratioRow;
  const cpus = (kind: Kind) => results[kind].map((x) => x.cpuMs);
  console.log(
    `\nDiscord side by side, ${BURST} × /chat at once, ${ROUNDS} rounds each (medians; acks pooled):\n` +
      table(
        ['figure', 'Switchboard', bareLabel('bare discord.js'), 'ratio'],
        [
          row('REST calls per /chat (thread included)', sb.calls, bare.calls, 2),
          row('CPU per answered /chat', sb.cpu, bare.cpu, 1, ' ms'),
          row('ack p50', sb.p50, bare.p50, 0, ' ms'),
          row('ack p99', sb.p99, bare.p99, 0, ' ms'),
          row(`all ${BURST} answers final`, sb.all, bare.all, 1, ' s'),
          row('idle RSS after boot', sb.rss, bare.rss, 0, ' MB'),
          row('start → gateway READY', sb.ready, bare.ready, 1, ' s'),
        ],
      ) +
      `\nfailed answers: Switchboard ${sb.failed}, ${bareLabel('bare')} ${bare.failed}` +
      `\ncalls by route (last round): Switchboard ${JSON.stringify(results.switchboard.at(-1)?.byRoute)}` +
      `\n  ${bareLabel('bare')} ${JSON.stringify(results.bare.at(-1)?.byRoute)}` +
      `\nrounds: Switchboard: ${perRound(results.switchboard)}\n        ${bareLabel('bare')}: ${perRound(results.bare)}` +
      `\nCPU ratio round by round: ${pairedRatios(cpus('switchboard'), cpus('bare'))}\n`,
  );
});

describe(`Discord side by side: ${BURST} × /chat`, () => {
  alternate(ROUNDS, results, round);
});
