/**
 * Spend as a picture: a stacked bar per day (or hour) with each bar's total above it and a dashed
 * budget line when one is set, drawn server-side by Vega (no browser) as SVG and turned into a
 * PNG by sharp. `chartText` says the same numbers in words (alt text and text fallback).
 */
import type * as vega from 'vega';
import { loadSharp } from '../common/load-sharp.js';
import type { SpendSeries } from './spend-series.js';

export interface ChartSpec {
  title: string;
  subtitle?: string;
  /** Series legend title, e.g. "model". */
  by: string;
  data: SpendSeries;
  /** A budget per bar (USD), drawn as a line. */
  budget?: { usd: number; label: string };
}

const money = (n: number) =>
  n >= 100 ? `$${n.toFixed(0)}` : n >= 1 ? `$${n.toFixed(2)}` : `$${n.toFixed(3)}`;

function vegaSpec(c: ChartSpec): vega.Spec {
  const top = Math.max(...c.data.totals.map((t) => t.cost), c.budget?.usd ?? 0, 0.001) * 1.15;
  return {
    width: Math.max(360, c.data.buckets.length * 22),
    height: 260,
    padding: 16,
    background: 'white',
    title: { text: c.title, ...(c.subtitle ? { subtitle: c.subtitle } : {}), anchor: 'start', fontSize: 15 },
    config: { font: 'DejaVu Sans' } as vega.Config,
    data: [
      {
        name: 'cells',
        values: c.data.cells,
        transform: [{ type: 'stack', groupby: ['bucket'], field: 'cost', sort: { field: 'series' } }],
      },
      { name: 'totals', values: c.data.totals.filter((t) => t.cost > 0) },
    ],
    scales: [
      { name: 'x', type: 'band', domain: c.data.buckets, range: 'width', padding: 0.2 },
      { name: 'y', type: 'linear', domain: [0, top], range: 'height', nice: true, zero: true },
      { name: 'color', type: 'ordinal', domain: c.data.series, range: { scheme: 'tableau10' } },
    ],
    axes: [
      {
        orient: 'bottom',
        scale: 'x',
        labelAngle: c.data.buckets.length > 12 ? -60 : 0,
        labelAlign: c.data.buckets.length > 12 ? 'right' : 'center',
        labelFontSize: 9,
      },
      { orient: 'left', scale: 'y', format: '$,.2f', grid: true, gridOpacity: 0.3, title: 'USD' },
    ],
    legends: [{ fill: 'color', title: c.by, orient: 'right', labelLimit: 260 }],
    marks: [
      {
        type: 'rect',
        from: { data: 'cells' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'bucket' },
            width: { scale: 'x', band: 1 },
            y: { scale: 'y', field: 'y1' },
            y2: { scale: 'y', field: 'y0' },
            fill: { scale: 'color', field: 'series' },
          },
        },
      },
      {
        type: 'text',
        from: { data: 'totals' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'bucket', band: 0.5 },
            y: { scale: 'y', field: 'cost', offset: -4 },
            text: { signal: "format(datum.cost, '$,.2f')" },
            align: { value: 'center' },
            fontSize: { value: 8 },
            fill: { value: '#333' },
          },
        },
      },
      ...budgetMarks(c.budget),
    ],
  };
}

/** The dashed budget line and its label, when a budget is set. */
function budgetMarks(budget: ChartSpec['budget']): vega.Mark[] {
  if (!budget) return [];
  return [
    {
      type: 'rule',
      encode: {
        enter: {
          x: { value: 0 },
          x2: { signal: 'width' },
          y: { scale: 'y', value: budget.usd },
          stroke: { value: '#d62728' },
          strokeDash: { value: [6, 4] },
          strokeWidth: { value: 1.5 },
        },
      },
    },
    {
      type: 'text',
      encode: {
        enter: {
          x: { signal: 'width' },
          y: { scale: 'y', value: budget.usd, offset: -5 },
          text: { value: budget.label },
          align: { value: 'right' },
          fontSize: { value: 10 },
          fill: { value: '#d62728' },
        },
      },
    },
  ];
}

/** The chart as PNG bytes (twice the SVG's pixel size, so it stays sharp on high-density screens). */
export async function renderSpendChart(c: ChartSpec): Promise<Buffer> {
  // loaded on the first chart: Vega and its d3 modules are a large part of a start otherwise
  const [{ View, parse }, sharp] = await Promise.all([import('vega'), loadSharp()]);
  const view = new View(parse(vegaSpec(c)), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return sharp(Buffer.from(svg), { density: 144 }).png({ compressionLevel: 9 }).toBuffer();
}

/** The chart's numbers in words: total, the busiest buckets, each series' share, the budget. */
export function chartText(c: ChartSpec): string {
  const d = c.data;
  if (d.calls === 0) return `${c.title}: nothing spent.`;
  const busiest = [...d.totals]
    .filter((t) => t.cost > 0)
    .sort((a, b) => b.cost - a.cost)
    .slice(0, 3)
    .map((t) => `${t.bucket} ${money(t.cost)}`);
  const shares = d.series.map((s) => {
    const cost = d.cells.filter((x) => x.series === s).reduce((sum, x) => sum + x.cost, 0);
    return `${s} ${money(cost)}`;
  });
  return [
    `${c.title}: ${money(d.total)} in ${d.calls} call${d.calls === 1 ? '' : 's'}.`,
    `Busiest: ${busiest.join(', ')}.`,
    `By ${c.by}: ${shares.join(', ')}.`,
    ...(c.budget ? [`${c.budget.label}.`] : []),
  ].join(' ');
}
