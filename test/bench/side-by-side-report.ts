/**
 * What the two side-by-side benchmarks share: the figures every round yields, their medians over the
 * rounds (acks pooled), a ratio row, and the round loop that alternates the bare bot and Switchboard.
 */
import { bench } from 'vitest';
import type { Kind } from './bot-proc.js';
import { percentile } from './discord-fakes.js';

/** What each round measures, whatever the platform. */
export interface RoundFigures {
  calls: number;
  cpuMs: number;
  ack: number[];
  allMs: number;
  idleRssMb: number;
  failed: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Medians over the rounds of one bot; acks pooled over all rounds. */
export function summary(rounds: RoundFigures[]) {
  const acks = rounds.flatMap((x) => x.ack).sort((a, b) => a - b);
  return {
    calls: median(rounds.map((x) => x.calls)),
    cpu: median(rounds.map((x) => x.cpuMs)),
    p50: percentile(acks, 50),
    p99: percentile(acks, 99),
    all: median(rounds.map((x) => x.allMs)) / 1000,
    rss: median(rounds.map((x) => x.idleRssMb)),
    failed: rounds.reduce((n, x) => n + x.failed, 0),
  };
}

/** A table row: Switchboard's figure, the bare bot's, and their ratio. */
export const ratioRow = (name: string, a: number, b: number, digits: number, unit = '') => [
  name,
  `${a.toFixed(digits)}${unit}`,
  `${b.toFixed(digits)}${unit}`,
  `${(a / b).toFixed(2)}×`,
];

/**
 * Switchboard's figure over the bare bot's, round by round (each pair ran back to back), and their
 * median: the machine's drift over a run moves both figures of a pair alike.
 */
export function pairedRatios(sb: number[], bare: number[]): string {
  const ratios = sb.map((x, i) => x / (bare[i] ?? Number.NaN));
  return `${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}×)`;
}

/** One line per bot with each round's figures. */
export function perRound<T extends RoundFigures>(rounds: T[], extra: (x: T) => string = () => ''): string {
  return rounds
    .map(
      (x) =>
        `${x.calls.toFixed(2)} calls, ${x.cpuMs.toFixed(1)} ms CPU${extra(x)}, all in ${(x.allMs / 1000).toFixed(1)} s`,
    )
    .join('; ');
}

/**
 * ROUNDS rounds, one `bench` per bot and round (each runs once); which bot goes first alternates from
 * round to round (bare first in odd rounds), so a drift within a pair does not always favour one side.
 */
export function alternate<T>(rounds: number, results: Record<Kind, T[]>, round: (kind: Kind) => Promise<T>) {
  for (let i = 0; i < rounds; i++)
    for (const kind of i % 2 === 0 ? (['bare', 'switchboard'] as const) : (['switchboard', 'bare'] as const))
      bench(
        `${kind} ${i + 1}`,
        async () => {
          results[kind].push(await round(kind));
        },
        { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
      );
}
