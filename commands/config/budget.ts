/** `/config budget scope period usd [target]`: daily / monthly USD limits per user, channel or server. */
import { defineSub, opt } from '../../src/command-model/command-builders.js';
import { InputError } from '../../src/common/errors.js';
import type { Limits } from '../../src/policy/governance-store.js';
import { usd } from '../../src/usage/periods.js';
import { audited, governance, idOf, serverOfCtx, where, who } from './shared.js';

const PER = { day: 'per day', month: 'per month' } as const;

function patch(limits: Limits | undefined, period: 'day' | 'month', amount: number): Limits | undefined {
  const next: Limits = { ...limits };
  if (amount > 0) next[period] = amount;
  else delete next[period];
  return next.day === undefined && next.month === undefined ? undefined : next;
}

function put(map: Record<string, Limits>, id: string, limits: Limits | undefined) {
  const { [id]: _old, ...rest } = map;
  return limits ? { ...rest, [id]: limits } : rest;
}

export const budgetSub = defineSub({
  description: 'Set a daily or monthly spending limit in USD (0 removes it)',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    scope: opt.choice({
      description: 'Whose spend it limits',
      required: true,
      choices: [
        { name: 'a user (or every user)', value: 'user' },
        { name: 'a channel', value: 'channel' },
        { name: 'this server / workspace', value: 'server' },
      ],
    }),
    period: opt.choice({
      description: 'Resets at 00:00 UTC daily, or on the 1st of the month',
      required: true,
      choices: [
        { name: 'day', value: 'day' },
        { name: 'month', value: 'month' },
      ],
    }),
    usd: opt.number({
      description: 'Limit in US dollars, e.g. 2.50 (0 removes it)',
      required: true,
      minValue: 0,
    }),
    target: opt.string({
      description: 'User (scope user; empty = every user) or channel (scope channel; empty = here)',
    }),
  },
  async run(ctx, o) {
    const target = o.target === undefined ? undefined : idOf(ctx, o.target);
    if (o.target !== undefined && !target)
      throw new InputError('INPUT.INVALID_ID', `\`${o.target}\` is not a user or channel id or mention.`);
    const channel = target ?? ctx.invocation.channelId;
    const subject =
      o.scope === 'server'
        ? 'this server'
        : o.scope === 'channel'
          ? where(channel)
          : target
            ? who(target)
            : 'every user';
    await governance(ctx).settings.update(serverOfCtx(ctx), (g) => {
      const b = g.budgets;
      const limit = (current: Limits | undefined) => patch(current, o.period, o.usd);
      if (o.scope === 'server') return { ...g, budgets: { ...b, server: limit(b.server) } };
      if (o.scope === 'channel')
        return { ...g, budgets: { ...b, channels: put(b.channels, channel, limit(b.channels[channel])) } };
      if (!target) return { ...g, budgets: { ...b, user: limit(b.user) } };
      return { ...g, budgets: { ...b, users: put(b.users, target, limit(b.users[target])) } };
    });
    const change =
      o.usd > 0
        ? `${subject} may spend ${usd(o.usd)} ${PER[o.period]}`
        : `removed the ${o.period} limit of ${subject}`;
    await audited(ctx, `budget: ${change}`);
    await ctx.reply.post({
      text: o.usd > 0 ? `💰 Budget set: ${change} (UTC).` : `💰 Budget: ${change}.`,
      ephemeral: true,
    });
  },
});
