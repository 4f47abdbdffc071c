/**
 * The pictures part's own costs: a month's spend chart from 3,000 ledger entries (series, Vega SVG,
 * PNG via sharp), and taking one 1024×1024 PNG from a model (decode the data URL, check it with
 * sharp, keep it by hash). vitest reports mean and p99; the numbers in docs/pictures.md come from here.
 */
import sharp from 'sharp';
import { beforeAll, bench, describe } from 'vitest';
import { createGeneratedImages } from '../../src/pictures/generated-images.js';
import { renderSpendChart } from '../../src/pictures/spend-chart.js';
import { spendSeries } from '../../src/pictures/spend-series.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import type { LedgerEntry } from '../../src/usage/ledger.js';

const DAY = 24 * 60 * 60 * 1000;
const FROM = Date.UTC(2026, 2, 1);
const entries: LedgerEntry[] = Array.from({ length: 3_000 }, (_, i) => ({
  platform: 'discord',
  serverId: 'S',
  channelId: `C${i % 5}`,
  userId: `U${i % 40}`,
  at: FROM + (i % 31) * DAY + i,
  command: 'chat',
  kind: 'chat',
  model: `vendor/model-${i % 9}`,
  cost: 0.001 * (i % 17),
  costKnown: true,
}));

const generated = createGeneratedImages({ store: createMemoryStore(), maxBytes: 24 * 1024 * 1024 });
let dataUrl = '';
beforeAll(async () => {
  const png = await sharp({
    create: {
      width: 1024,
      height: 1024,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 30 },
    },
  })
    .png()
    .toBuffer();
  dataUrl = `data:image/png;base64,${png.toString('base64')}`;
});

describe('pictures', () => {
  bench(
    'spend chart: 3,000 entries over 31 days → PNG',
    async () => {
      const data = spendSeries(entries, { from: FROM, to: FROM + 31 * DAY, by: 'model' });
      await renderSpendChart({
        title: 'Spend',
        by: 'model',
        data,
        budget: { usd: 1, label: 'daily budget $1' },
      });
    },
    { iterations: 10, warmupIterations: 2 },
  );
  bench(
    'model picture: decode + check + keep a 1024×1024 PNG',
    async () => {
      const decoded = await generated.decode(dataUrl);
      if ('image' in decoded) await generated.keep(decoded.image, 'image-1.png');
    },
    { iterations: 10, warmupIterations: 2 },
  );
});
