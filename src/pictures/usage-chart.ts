/**
 * The spend chart of a server for a time range: ledger entries → series → PNG, plus the same
 * numbers as text (alt text and fallback). Used by `/usage chart:` and the scheduled spend summary.
 */
import type { Governance } from '../policy/governance-store.js';
import type { Ledger } from '../usage/ledger.js';
import { usd } from '../usage/periods.js';
import { chartText, renderSpendChart } from './spend-chart.js';
import { type SeriesBy, spendSeries } from './spend-series.js';

export interface UsageChartInput {
  where: { platform: string; serverId?: string };
  from: number;
  to: number;
  by: SeriesBy;
  /** Only this user's spend (non-admins see their own). */
  userId?: string;
  title: string;
  /** Budgets of the scope shown: a daily one becomes the line of a per-day chart. */
  limits?: { day?: number; month?: number };
}

export interface UsageChart {
  png: Buffer;
  text: string;
  total: number;
}

const DAY = 24 * 60 * 60 * 1000;

/** The limits that apply to what the chart shows: the server's for everyone, the user's for one. */
export function limitsFor(rules: Governance, userId?: string): { day?: number; month?: number } | undefined {
  const b = rules.budgets;
  return userId ? { ...b.user, ...b.users[userId] } : b.server;
}

export async function usageChart(
  ledger: Pick<Ledger, 'between'>,
  input: UsageChartInput,
): Promise<UsageChart> {
  const all = await ledger.between(input.where, input.from, input.to);
  const entries = input.userId ? all.filter((e) => e.userId === input.userId) : all;
  const data = spendSeries(entries, {
    from: input.from,
    to: input.to,
    by: input.by,
    label: (k) => (input.by === 'channel' ? `#${k}` : k),
  });
  const perDay = input.to - input.from > DAY;
  const day = input.limits?.day;
  const month = input.limits?.month;
  const spec = {
    title: input.title,
    by: input.by,
    data,
    ...(perDay && day ? { budget: { usd: day, label: `daily budget ${usd(day)}` } } : {}),
    ...(month ? { subtitle: `monthly budget ${usd(month)}` } : {}),
  };
  return { png: await renderSpendChart(spec), text: chartText(spec), total: data.total };
}
