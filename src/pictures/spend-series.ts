/**
 * Spend over time from ledger entries: one bucket per day (or per hour for a single day), one
 * series per user, model or channel (the biggest six, the rest as "other"), with totals. Pure data:
 * the chart and its text fallback are both drawn from this, so they always show the same numbers.
 */
import type { LedgerEntry } from '../usage/ledger.js';

export type SeriesBy = 'user' | 'model' | 'channel';

export interface SpendSeries {
  /** Bucket labels in order (`03-14` days, `09h` hours); empty buckets included. */
  buckets: string[];
  /** Series names, biggest spend first ("other" last). */
  series: string[];
  /** cost[bucket][series], USD. */
  cells: Array<{ bucket: string; series: string; cost: number }>;
  totals: Array<{ bucket: string; cost: number }>;
  total: number;
  calls: number;
}

const TOP = 6;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const keyOf: Record<SeriesBy, (e: LedgerEntry) => string> = {
  user: (e) => e.userId,
  model: (e) => e.model ?? 'unknown',
  channel: (e) => e.channelId,
};

export function spendSeries(
  entries: readonly LedgerEntry[],
  opts: { from: number; to: number; by: SeriesBy; label?: (key: string) => string },
): SpendSeries {
  const step = opts.to - opts.from <= DAY ? HOUR : DAY;
  const bucketOf = (at: number) => {
    const iso = new Date(at).toISOString();
    return step === HOUR ? `${iso.slice(11, 13)}h` : iso.slice(5, 10);
  };
  const buckets: string[] = [];
  for (let t = opts.from; t < opts.to; t += step) buckets.push(bucketOf(t));
  const bySeries = new Map<string, number>();
  for (const e of entries) bySeries.set(keyOf[opts.by](e), (bySeries.get(keyOf[opts.by](e)) ?? 0) + e.cost);
  const ranked = [...bySeries].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const kept = new Set(ranked.slice(0, ranked.length > TOP ? TOP - 1 : TOP));
  const name = (key: string) => (kept.has(key) ? (opts.label?.(key) ?? key) : 'other');
  const cell = new Map<string, number>();
  for (const e of entries) {
    const k = `${bucketOf(e.at)}\u0000${name(keyOf[opts.by](e))}`;
    cell.set(k, (cell.get(k) ?? 0) + e.cost);
  }
  const series = [...[...kept].map(name), ...(ranked.length > kept.size ? ['other'] : [])];
  const cells = [...cell].map(([k, cost]) => {
    const [bucket = '', s = ''] = k.split('\u0000');
    return { bucket, series: s, cost };
  });
  const totals = buckets.map((bucket) => ({
    bucket,
    cost: cells.filter((c) => c.bucket === bucket).reduce((sum, c) => sum + c.cost, 0),
  }));
  return {
    buckets,
    series,
    cells,
    totals,
    total: totals.reduce((sum, t) => sum + t.cost, 0),
    calls: entries.length,
  };
}
