/**
 * `/usage [user] [period] [chart]`: spend by user, channel and model from the usage ledger. Admins see
 * everyone (or one user); everyone else sees their own spend and what is left of their budgets.
 */

import { defineCommand, opt } from '../src/command-model/command-builders.js';
import { mention } from '../src/command-model/command-ref.js';
import { type CommandContext, isAdminNow } from '../src/command-model/command-types.js';
import { InputError, PolicyError } from '../src/common/errors.js';
import { budgetLines } from '../src/policy/budget-check.js';
import { describeReset, usd } from '../src/usage/periods.js';
import { usageReport } from '../src/usage/usage-report.js';
import { idOf } from './config/shared.js';
import { CHART_CHOICES, postUsageChart } from './usage-chart.js';

const WHOSE = { user: 'your', channel: 'this channel’s', server: 'this server’s' } as const;

async function budgetsLeft(ctx: CommandContext): Promise<string[]> {
  const gov = ctx.services.governance;
  const inv = ctx.invocation;
  const account = {
    platform: inv.platform,
    channelId: inv.channelId,
    userId: inv.user.id,
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
  };
  const now = gov.now();
  const rules = await gov.rulesFor(account);
  const lines = await budgetLines(rules, gov.ledger.spend, account, now);
  return [
    ...lines.map(
      (l) =>
        `• ${WHOSE[l.scope]} ${l.period === 'day' ? 'daily' : 'monthly'} budget: ${usd(Math.max(0, l.limit - l.spent))} of ${usd(l.limit)} left (spent or reserved: ${usd(l.spent)}), resets ${describeReset(l.period, now)}`,
    ),
    `Rules here: ${rules.reasons.join('; ')}.`,
  ];
}

export const usageCommand = defineCommand({
  name: 'usage',
  description: 'What was spent on OpenRouter here: by user, channel and model',
  ephemeral: true,
  cost: 'free',
  options: {
    user: opt.string({ description: 'Whose spend (admins only; default: everyone for admins, else you)' }),
    period: opt.choice({
      description: 'today or this month (UTC; default month)',
      choices: [
        { name: 'today', value: 'day' },
        { name: 'this month', value: 'month' },
      ],
    }),
    chart: opt.choice({
      description: 'Show spend over time as a chart, stacked by model, user or channel',
      choices: [...CHART_CHOICES],
    }),
  },
  async run(ctx, o) {
    const inv = ctx.invocation;
    const gov = ctx.services.governance;
    const target = o.user === undefined ? undefined : idOf(ctx, o.user);
    if (o.user !== undefined && !target)
      throw new InputError('INPUT.INVALID_ID', `\`${o.user}\` is not a user id or mention.`);
    if (target && target !== inv.user.id && !(await isAdminNow(inv.user)))
      throw new PolicyError(
        'POLICY.ADMIN_ONLY',
        'Only admins can see other people’s usage. Leave `user` empty to see yours.',
      );
    const period = o.period ?? 'month';
    const everyone = !target && (await isAdminNow(inv.user));
    const userId = target ?? inv.user.id;
    if (o.chart) return postUsageChart(ctx, { by: o.chart, period, ...(everyone ? {} : { userId }) });
    const all = await gov.ledger.list(inv, period);
    const entries = everyone ? all : all.filter((e) => e.userId === userId);
    const text = usageReport(entries, {
      period,
      now: gov.now(),
      whose: everyone ? 'everyone here' : userId === inv.user.id ? 'you' : mention(userId),
      breakdowns: everyone ? ['user', 'channel', 'model'] : ['channel', 'model'],
    });
    const budgets = userId === inv.user.id ? await budgetsLeft(ctx) : [];
    await ctx.reply.post({ text: budgets.length ? `${text}\n${budgets.join('\n')}` : text, ephemeral: true });
  },
});
