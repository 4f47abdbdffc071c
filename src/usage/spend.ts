/**
 * Spend counters for budgets: integer micro-dollars per {user, channel, server} × {day, month} on the state
 * store's atomic counters, one key each with the UTC period in it (a new day starts at zero without a reset
 * job; a settle after midnight still lands on the period it was reserved in). A counter holds settled spend
 * plus open reservations. The user counter is the person's spend everywhere (every server, channel and DM);
 * channel and server counters belong to their server (`dm` = all Discord DMs).
 */
import type { ReserveLimit } from '../state/primitives/contract.js';
import type { StateStore } from '../state/store.js';
import { fromMicros } from './micro.js';
import { PERIODS, type Period, periodEnd, periodKey } from './periods.js';

export type SpendScope = 'user' | 'channel' | 'server';

/** Who a cost belongs to. `serverId` absent = a Discord DM (counted under the pseudo-server `dm`). */
export interface Account {
  platform: string;
  serverId?: string;
  channelId: string;
  userId: string;
}

export const serverOf = (a: { serverId?: string }) => a.serverId ?? 'dm';

/** One limit on one counter: `micros` null = counted, not limited. */
export interface BudgetLimit {
  scope: SpendScope;
  period: Period;
  micros: number | null;
}

export interface SpendCounters {
  /** Adds spend that was not reserved first (micro-dollars) to every counter of the account. */
  addMicros(account: Account, micros: number, at: number): Promise<void>;
  /** Settled spend plus open reservations of one counter, in USD. */
  get(account: Account, scope: SpendScope, period: Period, at: number): Promise<number>;
  /** The same in micro-dollars. */
  getMicros(account: Account, scope: SpendScope, period: Period, at: number): Promise<number>;
  /** Every counter of the account (6), with its limit, as reservation limits. */
  reserveLimits(account: Account, limits: readonly BudgetLimit[], at: number): ReserveLimit[];
  counterKey(account: Account, scope: SpendScope, period: Period, at: number): string;
}

const GRACE_MS = 24 * 60 * 60 * 1000;
const SCOPES: readonly SpendScope[] = ['user', 'channel', 'server'];

export function counterKey(a: Account, scope: SpendScope, period: Period, at: number): string {
  const p = periodKey(period, at);
  if (scope === 'user') return `spend:${a.platform}:user:${a.userId}:${p}`;
  if (scope === 'channel') return `spend:${a.platform}:${serverOf(a)}:channel:${a.channelId}:${p}`;
  return `spend:${a.platform}:${serverOf(a)}:server:${p}`;
}

export function createSpendCounters(store: StateStore): SpendCounters {
  const { counters } = store.atomic;
  const all = (account: Account, at: number) =>
    SCOPES.flatMap((scope) =>
      PERIODS.map((period) => ({
        key: counterKey(account, scope, period, at),
        ttlMs: periodEnd(period, at) - at + GRACE_MS,
        scope,
        period,
      })),
    );
  const getMicros = async (account: Account, scope: SpendScope, period: Period, at: number) =>
    (await counters.read([counterKey(account, scope, period, at)]))[0] ?? 0;
  return {
    counterKey,
    async addMicros(account, micros, at) {
      if (!(micros > 0)) return;
      await Promise.all(all(account, at).map(({ key, ttlMs }) => counters.increment(key, micros, ttlMs)));
    },
    getMicros,
    get: async (account, scope, period, at) => fromMicros(await getMicros(account, scope, period, at)),
    reserveLimits(account, limits, at) {
      return all(account, at).map(({ key, ttlMs, scope, period }) => {
        const caps = limits.filter((l) => l.scope === scope && l.period === period && l.micros !== null);
        const limit = caps.length ? Math.min(...caps.map((l) => l.micros as number)) : null;
        return { key, limit, ttlMs };
      });
    },
  };
}
