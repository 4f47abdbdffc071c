/**
 * Budgets as the person sees them: each limit that applies here (user everywhere, this channel, this server;
 * day and month) with what is spent or reserved against it, and the refusal text when one does not fit.
 * The check before a command is only a fast early answer; the guarantee is the reservation made before each
 * billable request (budget-reserve.ts).
 */
import { cmd } from '../command-model/command-ref.js';
import { PolicyError } from '../common/errors.js';
import { fromMicros } from '../usage/micro.js';
import { describeReset, type Period, usd } from '../usage/periods.js';
import type { Account, SpendCounters, SpendScope } from '../usage/spend.js';
import type { RulesHere } from './rules-here.js';

export interface BudgetLine {
  scope: SpendScope;
  period: Period;
  /** USD. */
  limit: number;
  /** USD spent or reserved in the period. */
  spent: number;
}

/** The tightest limit per scope and period that applies here, with its current use (spent + reserved). */
export async function budgetLines(
  rules: Pick<RulesHere, 'budgets'>,
  spend: SpendCounters,
  account: Account,
  now: number,
): Promise<BudgetLine[]> {
  const tightest = new Map<string, { scope: SpendScope; period: Period; micros: number }>();
  for (const { scope, period, micros } of rules.budgets) {
    if (micros === null) continue;
    const current = tightest.get(`${scope}:${period}`);
    if (!current || micros < current.micros) tightest.set(`${scope}:${period}`, { scope, period, micros });
  }
  const lines = [...tightest.values()];
  // one read for every counter a limit applies to
  const used = await spend.readMicros(account, lines, now);
  return lines.map(({ scope, period, micros }, index) => ({
    scope,
    period,
    limit: fromMicros(micros),
    spent: fromMicros(used[index] ?? 0),
  }));
}

const WHOSE = { user: 'Your', channel: 'This channel’s', server: 'This server’s' } as const;
const ADJ = { day: 'daily', month: 'monthly' } as const;

export function budgetRefusal(line: BudgetLine, now: number, estimate?: number): PolicyError {
  const left = Math.max(0, line.limit - line.spent);
  const why =
    estimate !== undefined && line.spent < line.limit
      ? `This request may cost up to ${usd(estimate)} and only ${usd(left)} is left of ${WHOSE[line.scope].toLowerCase()} ${ADJ[line.period]} budget of ${usd(line.limit)} (${usd(line.spent)} spent or reserved by requests still running). `
      : `${WHOSE[line.scope]} ${ADJ[line.period]} budget of ${usd(line.limit)} is used up (${usd(line.spent)} spent, ${usd(left)} left). `;
  return new PolicyError(
    'POLICY.BUDGET_EXCEEDED',
    `${why}It resets at ${describeReset(line.period, now)}. Free commands such as ${cmd('usage')} still work; an admin can raise the limit with ${cmd('config budget')}.`,
  );
}

/** Throws the refusal for the first limit already reached (spent or reserved). */
export async function checkBudgets(
  rules: Pick<RulesHere, 'budgets'>,
  spend: SpendCounters,
  account: Account,
  now: number,
): Promise<void> {
  const over = (await budgetLines(rules, spend, account, now)).find((l) => l.spent >= l.limit);
  if (over) throw budgetRefusal(over, now);
}
