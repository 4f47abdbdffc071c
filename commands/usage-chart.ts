/** `/usage chart:by-model|by-user|by-channel [period] [user]`: spend over time as a PNG, numbers as text. */

import type { CommandContext } from '../src/command-model/command-types.js';
import type { SeriesBy } from '../src/pictures/spend-series.js';
import { limitsFor, usageChart } from '../src/pictures/usage-chart.js';
import { type Period, periodEnd, periodStart } from '../src/usage/periods.js';

export const CHART_CHOICES = [
  { name: 'by model', value: 'model' },
  { name: 'by user', value: 'user' },
  { name: 'by channel', value: 'channel' },
] as const;

export async function postUsageChart(
  ctx: CommandContext,
  o: { by: SeriesBy; period: Period; userId?: string },
): Promise<void> {
  const inv = ctx.invocation;
  const gov = ctx.services.governance;
  const now = gov.now();
  const from = periodStart(o.period, now);
  const day = new Date(from).toISOString().slice(0, o.period === 'day' ? 10 : 7);
  const chart = await usageChart(gov.ledger, {
    where: { platform: inv.platform, ...(inv.serverId ? { serverId: inv.serverId } : {}) },
    from,
    to: periodEnd(o.period, now),
    by: o.by,
    ...(o.userId ? { userId: o.userId } : {}),
    title: `Spend ${day}${o.userId ? ` · ${o.userId === inv.user.id ? 'you' : o.userId}` : ''} (UTC)`,
    limits: limitsFor(await gov.settings.get(inv), o.userId),
  });
  await ctx.reply.post({
    text: `📊 ${chart.text}`,
    files: [
      { name: `spend-${day}-by-${o.by}.png`, contentType: 'image/png', data: chart.png, alt: chart.text },
    ],
    ephemeral: true,
  });
}
