/**
 * The budget check before a billable request: the invoker's, the channel's and the server's daily
 * and monthly limits against what was spent in the current UTC period. It never looks at work in
 * flight; only a request that would start with a limit already used up is refused.
 */
import { cmd } from '../command-model/command-ref.js';
import { PolicyError } from '../shared/errors.js';
import { describeReset, PERIODS, type Period, usd } from '../usage/periods.js';
import { type Account, type SpendCounters, type SpendScope, serverOf } from '../usage/spend.js';
import type { Governance, Limits } from './governance-store.js';

export interface BudgetLine {
  scope: SpendScope;
  id: string;
  period: Period;
  limit: number;
  spent: number;
}

/** The limits that apply to this account, with the spend of each. */
export async function budgetLines(
  rules: Governance,
  spend: SpendCounters,
  account: Account,
  now: number,
): Promise<BudgetLine[]> {
  const b = rules.budgets;
  const user: Limits = { ...b.user, ...b.users[account.userId] };
  const scopes: Array<[SpendScope, string, Limits | undefined]> = [
    ['user', account.userId, user],
    ['channel', account.channelId, b.channels[account.channelId]],
    ['server', serverOf(account), b.server],
  ];
  const lines: BudgetLine[] = [];
  for (const [scope, id, limits] of scopes)
    for (const period of PERIODS) {
      const limit = limits?.[period];
      if (limit === undefined) continue;
      lines.push({ scope, id, period, limit, spent: await spend.get(account, scope, id, period, now) });
    }
  return lines;
}

const WHOSE = { user: 'Your', channel: 'This channel’s', server: 'This server’s' } as const;
const ADJ = { day: 'daily', month: 'monthly' } as const;

export function budgetRefusal(line: BudgetLine, now: number): PolicyError {
  const left = Math.max(0, line.limit - line.spent);
  return new PolicyError(
    'POLICY.BUDGET_EXCEEDED',
    `${WHOSE[line.scope]} ${ADJ[line.period]} budget of ${usd(line.limit)} is used up (${usd(line.spent)} spent, ${usd(left)} left). ` +
      `It resets at ${describeReset(line.period, now)}. Free commands such as ${cmd('usage')} still work; an admin can raise the limit with ${cmd('config budget')}.`,
  );
}

/** Throws the refusal for the first limit already reached. */
export async function checkBudgets(
  rules: Governance,
  spend: SpendCounters,
  account: Account,
  now: number,
): Promise<void> {
  const over = (await budgetLines(rules, spend, account, now)).find((l) => l.spent >= l.limit);
  if (over) throw budgetRefusal(over, now);
}
