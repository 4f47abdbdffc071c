/**
 * Reservations before billable requests: the estimate (an upper bound, micro-dollars) is added to every
 * counter of the account at once, only if every limit that applies still fits, counting requests in flight.
 * Refused: a PolicyError naming the limit, what is left and when it resets. Settled later to the real cost.
 */
import type { Reservation, Reservations } from '../state/primitives/contract.js';
import { fromMicros } from '../usage/micro.js';
import { PERIODS } from '../usage/periods.js';
import type { Account, BudgetLimit, SpendCounters, SpendScope } from '../usage/spend.js';
import { budgetRefusal } from './budget-check.js';

/** How long a reservation may stay open before it can no longer be settled (its amount then stays counted). */
export const RESERVATION_LEASE_MS = 60 * 60 * 1000;

export interface BudgetGate {
  reserve(
    account: Account,
    budgets: readonly BudgetLimit[],
    micros: number,
    leaseMs?: number,
  ): Promise<Reservation>;
  settle(reservation: Reservation, micros: number): Promise<boolean>;
  release(reservation: Reservation): Promise<boolean>;
}

export function createBudgetGate(deps: {
  reservations: Reservations;
  spend: SpendCounters;
  now: () => number;
}): BudgetGate {
  return {
    async reserve(account, budgets, micros, leaseMs = RESERVATION_LEASE_MS) {
      const now = deps.now();
      const limits = deps.spend.reserveLimits(account, budgets, now);
      const result = await deps.reservations.reserve(micros, limits, leaseMs);
      if (result.ok) return result.reservation;
      let scope: SpendScope = 'user';
      let period: (typeof PERIODS)[number] = 'day';
      for (const s of ['user', 'channel', 'server'] as const)
        for (const p of PERIODS)
          if (deps.spend.counterKey(account, s, p, now) === result.key) [scope, period] = [s, p];
      throw budgetRefusal(
        { scope, period, limit: fromMicros(result.limit), spent: fromMicros(result.used) },
        now,
        fromMicros(micros),
      );
    },
    settle: (reservation, micros) => deps.reservations.settle(reservation, micros),
    release: (reservation) => deps.reservations.release(reservation),
  };
}
