/**
 * Switchboard next to a bare Bolt bot (test/bench/bare-slack-bot.ts), alternately, against the same
 * fakes (fake Slack + fake OpenRouter in their own process), both in HTTP mode: each round boots one
 * bot in a process of its own, warms it up with 200 mentions (BENCH_WARMUP, sent in bursts of 200), waits 6 s (kept-alive connections
 * expire, as after a quiet spell), then POSTs 200 signed `app_mention`s at once (new TCP connections, a
 * short streamed answer each) and waits until all 200 are final: first from the warm-up's 200 users (people
 * the bot has answered before), then, after another 6 s, from 200 new users. Counted at the
 * fakes: Web API calls per answer (exact). Measured: the bot process's CPU per answer (/proc, from
 * outside), ack p50/p99 (send → HTTP 200, fake's clock), time to all 200 answers, idle RSS.
 * BENCH_ROUNDS (default 2) rounds per bot. Run: npx vitest bench --run test/bench/side-by-side-slack
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  type BotProc,
  bareLabel,
  buildBots,
  freePort,
  isBareBot,
  type Kind,
  launch,
  removeBaseline,
  waitForPort,
} from './bot-proc.js';
import { percentile, table } from './discord-fakes.js';
import {
  alternate,
  median,
  pairedRatios,
  type RoundFigures,
  ratioRow,
  summary,
} from './side-by-side-report.js';
import { type SlackFakes, spawnSlackFakes } from './slack-fakes.js';

const BURST = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Requests before the measured burst (BENCH_WARMUP): connection pools, caches and most of the JIT warmed up. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const IDLE_MS = 6_000;
const reply = { text: 'A short answer.', chunkSize: 8 };

interface Figures extends RoundFigures {
  lookups: number;
  /** The same burst from the warm-up's users (people the bot has answered before), measured first. */
  known: { cpuMs: number; ack: number[]; allMs: number };
  byMethod: Record<string, number>;
}

let fakes: SlackFakes;
const results: Record<Kind, Figures[]> = { bare: [], switchboard: [] };

function envFor(kind: Kind, port: number): Record<string, string> {
  const { info } = fakes;
  if (isBareBot(kind))
    return {
      BARE_SLACK_API: info.apiUrl,
      BARE_SLACK_TOKEN: info.botToken,
      BARE_SLACK_SECRET: info.signingSecret,
      BARE_SLACK_PORT: String(port),
      BARE_OPENROUTER_URL: info.openrouterUrl,
      BARE_OPENROUTER_KEY: info.apiKey,
    };
  return {
    OPENROUTER_API_KEY: info.apiKey,
    OPENROUTER_BASE_URL: info.openrouterUrl,
    OPENROUTER_MAX_RETRIES: '0',
    SLACK_BOT_TOKEN: info.botToken,
    SLACK_SIGNING_SECRET: info.signingSecret,
    SLACK_API_URL: info.apiUrl,
    SLACK_PORT: String(port),
    STREAM_EDIT_INTERVAL_MS: '1000',
  };
}

async function burst(count: number, returningUsers = false) {
  await fakes.call({ op: 'reset' });
  const { acks } = await fakes.call({
    op: 'burst',
    spec: { mentions: count, followups: 0, prompt: 'quick question', reply, returningUsers },
  });
  const done = await fakes.call({ op: 'finished', timeoutMs: 120_000 });
  const rates = await fakes.call({ op: 'rates', method: 'chat.startStream' });
  const ack = acks
    .filter((a) => a.status === 200)
    .map((a) => a.ackMs)
    .sort((a, b) => a - b);
  return { ack, done, rates };
}

async function round(kind: Kind): Promise<Figures> {
  const port = await freePort();
  await fakes.call({ op: 'reset' });
  const bot: BotProc = launch(kind, envFor(kind, port), './bare-slack-bot.ts');
  try {
    await fakes.call({ op: 'ready', timeoutMs: 30_000 });
    await waitForPort(port);
    await fakes.call({ op: 'target', url: `http://127.0.0.1:${port}/slack/events` });
    await sleep(1_000);
    const idleRssMb = bot.rssMb();
    // warm-up in bursts like the measured one: JIT, connection pools, caches
    for (let left = WARMUP; left > 0; left -= BURST) await burst(Math.min(BURST, left));
    await sleep(IDLE_MS);
    // people the bot knows (the warm-up's users, looked up then): a team's everyday burst
    await bot.collectGarbage(); // both start each measured burst from a collected heap
    const cpuKnown = bot.cpuMs();
    const again = await burst(BURST, true);
    const known = {
      cpuMs: (bot.cpuMs() - cpuKnown) / BURST,
      ack: again.ack,
      allMs: again.done.lastFinishedMs,
    };
    await sleep(IDLE_MS);
    // 200 people it has never seen (no users.info for a mention any more: counted, should it come back)
    await bot.collectGarbage();
    const cpu0 = bot.cpuMs();
    const { ack, done, rates } = await burst(BURST);
    const cpuMs = (bot.cpuMs() - cpu0) / BURST;
    return {
      calls: rates.total / BURST,
      lookups: (rates.byMethod['users.info'] ?? 0) / BURST,
      cpuMs,
      known,
      ack,
      allMs: done.lastFinishedMs,
      idleRssMb,
      failed: done.failed + (BURST - ack.length) + again.done.failed + (BURST - again.ack.length),
      byMethod: rates.byMethod,
    };
  } finally {
    await bot.stop();
  }
}

beforeAll(async () => {
  buildBots(); // both run compiled, as in production (and BENCH_BASELINE's build)
  fakes = await spawnSlackFakes();
}, 180_000);

afterAll(async () => {
  await fakes?.stop();
  removeBaseline();
  if (!results.bare.length || !results.switchboard.length) return;
  const fig = (kind: Kind) => ({
    ...summary(results[kind]),
    cached: median(results[kind].map((x) => x.calls - x.lookups)),
    known: summary(results[kind].map((x) => ({ ...x, ...x.known }))),
  });
  const sb = fig('switchboard');
  const bare = fig('bare');
  const row = ratioRow;
  const cpus = (kind: Kind, known: boolean) => results[kind].map((x) => (known ? x.known.cpuMs : x.cpuMs));
  // per round: known users first (as measured), then new users
  const rounds = (kind: Kind) =>
    results[kind]
      .map(
        (x) =>
          `known ${x.known.cpuMs.toFixed(1)} ms CPU, ack p99 ${percentile(x.known.ack, 99)} ms, all in ${(x.known.allMs / 1000).toFixed(1)} s` +
          ` | new ${x.calls.toFixed(2)} calls, ${x.cpuMs.toFixed(1)} ms CPU, ack p99 ${percentile(x.ack, 99)} ms, all in ${(x.allMs / 1000).toFixed(1)} s`,
      )
      .join('; ');
  console.log(
    `\nSlack (HTTP) side by side, ${BURST} app_mentions at once on new connections, ${ROUNDS} rounds each (medians; acks pooled):\n` +
      table(
        ['figure', 'Switchboard', bareLabel('bare Bolt'), 'ratio'],
        [
          row('Web API calls per answer (200 new users)', sb.calls, bare.calls, 2),
          row('… without users.info calls (none for mentions since 2026-12-07)', sb.cached, bare.cached, 2),
          row('CPU per answer, 200 known users', sb.known.cpu, bare.known.cpu, 1, ' ms'),
          row('ack p50, known users', sb.known.p50, bare.known.p50, 0, ' ms'),
          row('ack p99, known users', sb.known.p99, bare.known.p99, 0, ' ms'),
          row(`all ${BURST} answered, known users`, sb.known.all, bare.known.all, 1, ' s'),
          row('CPU per answer, 200 new users', sb.cpu, bare.cpu, 1, ' ms'),
          row('ack p50, new users', sb.p50, bare.p50, 0, ' ms'),
          row('ack p99, new users', sb.p99, bare.p99, 0, ' ms'),
          row(`all ${BURST} answered, new users`, sb.all, bare.all, 1, ' s'),
          row('idle RSS after boot', sb.rss, bare.rss, 0, ' MB'),
        ],
      ) +
      `\nfailed or unacked: Switchboard ${sb.failed}, ${bareLabel('bare')} ${bare.failed}` +
      `\ncalls by method (last round): Switchboard ${JSON.stringify(results.switchboard.at(-1)?.byMethod)}` +
      `\n  ${bareLabel('bare')} ${JSON.stringify(results.bare.at(-1)?.byMethod)}` +
      `\nrounds: Switchboard: ${rounds('switchboard')}\n        ${bareLabel('bare')}: ${rounds('bare')}` +
      `\nCPU ratio round by round, known users: ${pairedRatios(cpus('switchboard', true), cpus('bare', true))}` +
      `\nCPU ratio round by round, new users: ${pairedRatios(cpus('switchboard', false), cpus('bare', false))}\n`,
  );
});

describe(`Slack side by side: ${BURST} app_mentions`, () => {
  alternate(ROUNDS, results, round);
});
