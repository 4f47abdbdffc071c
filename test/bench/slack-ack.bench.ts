/**
 * Ack latency on Slack in HTTP mode: 200 signed Events API requests POSTed at once by the fake
 * Slack — 150 `app_mention`s (new questions from 150 users) and 50 thread replies continuing
 * conversations answered during the warm-up — each timed from send to the bot's HTTP 200
 * (`SendResult.ackMs`, on the fake's clock). The real bot (core + @slack/bolt) runs here; the fakes
 * run in their own process. Each round waits until all 200 short answers are finished (native
 * streaming, the default): the answers run while the later acks are still due.
 *
 * Two kinds of round, alternating: "cold" after 6 s idle (the kept-alive connections of the fake's
 * HTTP client have expired, so every event opens a new TCP connection, as after a quiet spell) and
 * "warm" right after 200 url_verification requests opened 200 connections the burst reuses.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { percentile, table } from './discord-fakes.js';
import {
  type AckTimes,
  bootSlackBot,
  type SlackBenchBot,
  type SlackFakes,
  type SlackFinishStats,
  spawnSlackFakes,
} from './slack-fakes.js';

const MENTIONS = 150;
const FOLLOWUPS = 50;
const BURST = MENTIONS + FOLLOWUPS;
const ROUNDS = 3;
/** Longer than the keep-alive of Node's fetch (4 s) and of the bot's HTTP server (5 s). */
const IDLE_MS = 6_000;
const SLACK_ACK_LIMIT_MS = 3_000;
const reply = { text: 'A short answer.', chunkSize: 8 };

type Kind = 'cold' | 'warm';
interface Round {
  kind: Kind;
  acks: AckTimes[];
  newConnections: number;
  done: SlackFinishStats;
}

let fakes: SlackFakes;
let bot: SlackBenchBot;
const rounds: Round[] = [];

async function round(kind: Kind, mentions: number, followups: number): Promise<Round> {
  await fakes.call({ op: 'reset' });
  if (kind === 'cold') await sleep(IDLE_MS);
  else await fakes.call({ op: 'preconnect', count: mentions + followups });
  const { acks, newConnections } = await fakes.call({
    op: 'burst',
    spec: { mentions, followups, prompt: 'quick question', reply },
  });
  const done = await fakes.call({ op: 'finished', timeoutMs: 90_000 });
  return { kind, acks, newConnections, done };
}

beforeAll(async () => {
  fakes = await spawnSlackFakes();
  bot = await bootSlackBot(fakes, { env: { STREAM_EDIT_INTERVAL_MS: '1000' } });
  // warm-up (JIT, caches), not counted; its 50 threads get the follow-ups
  await fakes.call({ op: 'prepare', count: FOLLOWUPS, reply, timeoutMs: 60_000 });
  await round('warm', 20, 0);
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await fakes?.stop();
  if (rounds.length === 0) return;
  const row = (name: string, acks: AckTimes[], rest: Array<string | number>) => {
    const ms = acks
      .filter((a) => a.status === 200)
      .map((a) => a.ackMs)
      .sort((a, b) => a - b);
    return [
      name,
      `${ms.length} / ${acks.length}`,
      percentile(ms, 50),
      percentile(ms, 99),
      ms.at(-1) ?? 'n/a',
      acks.filter((a) => a.status !== 200 || a.ackMs > SLACK_ACK_LIMIT_MS).length,
      ...rest,
    ];
  };
  const rows = rounds.map((r, i) =>
    row(`${i + 1}: ${r.kind}`, r.acks, [
      r.newConnections,
      `${(r.done.lastFinishedMs / 1000).toFixed(1)} s${r.done.failed ? ` (${r.done.failed} failed)` : ''}`,
    ]),
  );
  for (const kind of ['cold', 'warm'] as const) {
    const of = rounds.filter((r) => r.kind === kind);
    const acks = of.flatMap((r) => r.acks);
    rows.push(row(`**all ${kind}**`, acks, [of.reduce((n, r) => n + r.newConnections, 0), '']));
    rows.push(
      row(
        `… app_mention`,
        acks.filter((a) => a.kind === 'mention'),
        ['', ''],
      ),
    );
    rows.push(
      row(
        `… thread replies`,
        acks.filter((a) => a.kind === 'followup'),
        ['', ''],
      ),
    );
  }
  const statuses = [...new Set(rounds.flatMap((r) => r.acks.map((a) => a.status)))].join(', ');
  const answer = rounds.flatMap((r) => r.done.answerMs).sort((a, b) => a - b);
  console.log(
    `\nSlack ack latency, HTTP mode, ${BURST} events POSTed at once (${MENTIONS} app_mention + ${FOLLOWUPS} thread replies; send → HTTP 200, ms):\n` +
      table(
        [
          'round',
          'acked 200',
          'p50',
          'p99',
          'max',
          `> ${SLACK_ACK_LIMIT_MS / 1000} s`,
          'new TCP conns',
          'all answered',
        ],
        rows,
      ) +
      `\nHTTP statuses seen: ${statuses}; answer done (POST → finished) p50 / max: ${percentile(answer, 50)} / ${answer.at(-1)} ms\n`,
  );
});

describe(`Slack ack (HTTP): ${BURST} events at once`, () => {
  // async functions: tinybench calls a plain function once more just to see whether it returns a promise
  for (let i = 0; i < ROUNDS; i++)
    for (const kind of ['cold', 'warm'] as const)
      bench(
        `${kind} ${i + 1}: ${MENTIONS} mentions + ${FOLLOWUPS} thread replies → ${BURST} acks → ${BURST} answers`,
        async () => {
          rounds.push(await round(kind, MENTIONS, FOLLOWUPS));
        },
        { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
      );
});
