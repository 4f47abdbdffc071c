/** `/config summary every:week|month|off [by]`: post this channel a spend chart after each week or month. */

import { defineSub, opt } from '../../src/command-model/command-builders.js';
import { audited } from './shared.js';

export const summarySub = defineSub({
  description: 'Post a spend chart here after every week or month (or stop)',
  adminOnly: true,
  cost: 'free',
  options: {
    every: opt.choice({
      description: 'week (Mondays 00:00 UTC), month (the 1st) or off',
      required: true,
      choices: [
        { name: 'week', value: 'week' },
        { name: 'month', value: 'month' },
        { name: 'off', value: 'off' },
      ],
    }),
    by: opt.choice({
      description: 'Stack the bars by model (default), user or channel',
      choices: [
        { name: 'model', value: 'model' },
        { name: 'user', value: 'user' },
        { name: 'channel', value: 'channel' },
      ],
    }),
  },
  async run(ctx, o) {
    const inv = ctx.invocation;
    const where = {
      platform: inv.platform,
      channelId: inv.channelId,
      ...(inv.serverId ? { serverId: inv.serverId } : {}),
    };
    const summaries = ctx.services.summaries;
    if (o.every === 'off') {
      const had = await summaries.remove(where);
      await audited(ctx, `spend summary in <#${inv.channelId}>: off`);
      await ctx.reply.post({
        text: had ? 'Spend summaries here are **off**.' : 'There were no spend summaries here.',
      });
      return;
    }
    const { nextAt } = await summaries.set({
      ...where,
      every: o.every,
      by: o.by ?? 'model',
      userId: inv.user.id,
    });
    await audited(ctx, `spend summary in <#${inv.channelId}>: every ${o.every} by ${o.by ?? 'model'}`);
    await ctx.reply.post({
      text: `📊 A ${o.every === 'week' ? 'weekly' : 'monthly'} spend chart will be posted here; the next one on ${new Date(nextAt).toISOString().slice(0, 10)} 00:00 UTC.`,
    });
  },
});
