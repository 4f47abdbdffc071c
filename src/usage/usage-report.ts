/** `/usage` text: totals of ledger entries, broken down by user, channel and model (top 10 each). */

import { mention } from '../command-model/command-ref.js';
import { countOf } from '../common/plural.js';
import type { LedgerEntry } from './ledger.js';
import { type Period, periodStart, usd } from './periods.js';

export type Breakdown = 'user' | 'channel' | 'model';

interface Row {
  key: string;
  cost: number;
  calls: number;
}

const keyOf: Record<Breakdown, (e: LedgerEntry) => string> = {
  user: (e) => e.userId,
  channel: (e) => e.channelId,
  model: (e) => e.model ?? 'unknown',
};
const label: Record<Breakdown, (key: string) => string> = {
  user: (k) => mention(k),
  channel: (k) => `<#${k}>`,
  model: (k) => `\`${k}\``,
};
const TITLE: Record<Breakdown, string> = { user: 'By user', channel: 'By channel', model: 'By model' };

export function rows(entries: readonly LedgerEntry[], by: Breakdown): Row[] {
  const map = new Map<string, Row>();
  for (const e of entries) {
    const key = keyOf[by](e);
    const row = map.get(key) ?? { key, cost: 0, calls: 0 };
    row.cost += e.cost;
    row.calls += 1;
    map.set(key, row);
  }
  return [...map.values()].sort((a, b) => b.cost - a.cost || b.calls - a.calls);
}

export function usageReport(
  entries: readonly LedgerEntry[],
  opts: { period: Period; now: number; whose: string; breakdowns: readonly Breakdown[] },
): string {
  const since = new Date(periodStart(opts.period, opts.now)).toISOString().slice(0, 10);
  const head = `📊 **Usage ${opts.period === 'day' ? 'today' : 'this month'}** (since ${since} 00:00 UTC): ${opts.whose}`;
  if (entries.length === 0) return `${head}\nNothing spent yet.`;
  const cost = entries.reduce((sum, e) => sum + e.cost, 0);
  const tokens = entries.reduce((sum, e) => sum + (e.totalTokens ?? 0), 0);
  const lines = [
    head,
    `Total: **${usd(cost)}** · ${countOf(entries.length, 'call')} · ${countOf(tokens, 'token')}`,
  ];
  for (const by of opts.breakdowns) {
    const all = rows(entries, by);
    const shown = all.slice(0, 10).map((r) => `${label[by](r.key)} ${usd(r.cost)} (${r.calls})`);
    const more = all.length > 10 ? ` · … and ${all.length - 10} more` : '';
    lines.push(`**${TITLE[by]}:** ${shown.join(' · ')}${more}`);
  }
  const unknown = entries.filter((e) => !e.costKnown).length;
  if (unknown > 0)
    lines.push(`-# ${unknown} call${unknown === 1 ? '' : 's'} without a reported cost (counted as $0)`);
  return lines.join('\n');
}
