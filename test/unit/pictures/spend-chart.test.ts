/** Spend series (pure numbers) and the chart drawn from them: a real PNG whose pixels are not blank. */
import { describe, expect, it } from 'vitest';
import { chartText, renderSpendChart } from '../../../src/pictures/spend-chart.js';
import { spendSeries } from '../../../src/pictures/spend-series.js';
import type { LedgerEntry } from '../../../src/usage/ledger.js';
import { saveDocImage } from '../../helpers/doc-images.js';
import { imageInfo, pixelStats } from '../../helpers/images.js';

const DAY = 24 * 60 * 60 * 1000;
const FROM = Date.UTC(2026, 2, 1);

function entry(day: number, model: string, cost: number, userId = 'U1'): LedgerEntry {
  return {
    platform: 'discord',
    serverId: 'S',
    channelId: 'C',
    userId,
    at: FROM + day * DAY + 3_600_000,
    command: 'chat',
    kind: 'chat',
    model,
    cost,
    costKnown: true,
  };
}

const entries = [
  entry(0, 'openai/gpt-4o-mini', 0.12),
  entry(0, 'anthropic/claude-sonnet-4', 0.85),
  entry(2, 'openai/gpt-4o-mini', 0.3),
  entry(2, 'google/gemini-2.5-flash-image', 0.39),
  entry(5, 'anthropic/claude-sonnet-4', 1.4, 'U2'),
  entry(6, 'google/gemini-2.5-flash-image', 0.2),
];

describe('spend series', () => {
  it('has a bucket per day (empty ones too), stacks by model, and totals match the entries', () => {
    const s = spendSeries(entries, { from: FROM, to: FROM + 7 * DAY, by: 'model' });
    expect(s.buckets).toEqual(['03-01', '03-02', '03-03', '03-04', '03-05', '03-06', '03-07']);
    expect(s.series[0]).toBe('anthropic/claude-sonnet-4');
    expect(s.totals.map((t) => Number(t.cost.toFixed(2)))).toEqual([0.97, 0, 0.69, 0, 0, 1.4, 0.2]);
    expect(Number(s.total.toFixed(2))).toBe(3.26);
  });

  it('buckets one day by hour and folds small series into "other"', () => {
    const many = Array.from({ length: 9 }, (_, i) => entry(0, `m/${i}`, 1 + i));
    const s = spendSeries(many, { from: FROM, to: FROM + DAY, by: 'model' });
    expect(s.buckets).toHaveLength(24);
    expect(s.series).toHaveLength(6);
    expect(s.series.at(-1)).toBe('other');
  });
});

describe('spend chart', () => {
  it('renders a PNG with bars in it (not blank), and the text says the same numbers', async () => {
    const data = spendSeries(entries, { from: FROM, to: FROM + 7 * DAY, by: 'model' });
    const spec = {
      title: 'Spend 2026-03-01 to 2026-03-07',
      by: 'model',
      data,
      budget: { usd: 1.2, label: 'daily budget $1.20' },
    };
    const png = await renderSpendChart(spec);
    await saveDocImage('spend-chart.png', png);
    const info = await imageInfo(png);
    expect(info.format).toBe('png');
    expect(info.width).toBeGreaterThan(600);
    const stats = await pixelStats(png);
    expect(stats.varied).toBe(true);
    expect(Math.min(...stats.means.slice(0, 3))).toBeLessThan(250); // more than a white page
    const text = chartText(spec);
    expect(text).toContain('$3.26 in 6 calls');
    expect(text).toContain('03-06 $1.40');
    expect(text).toContain('daily budget $1.20');
  });

  it('draws an empty period without failing', async () => {
    const data = spendSeries([], { from: FROM, to: FROM + DAY, by: 'user' });
    const png = await renderSpendChart({ title: 'Nothing', by: 'user', data });
    expect((await imageInfo(png)).format).toBe('png');
    expect(chartText({ title: 'Nothing', by: 'user', data })).toBe('Nothing: nothing spent.');
  });
});
