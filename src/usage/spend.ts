/**
 * Spend counters for budgets: USD per {user, channel, server} × {day, month}, one key each with the
 * UTC period in it (so a new day starts at zero without any reset job) and a TTL past the period end.
 * Increments are serialised per key in this process; several instances sharing Redis can lose an
 * increment under a race (see README, "Running it for a team").
 */
import { createKeyedLock } from '../state/keyed-lock.js';
import type { StateStore } from '../state/store.js';
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

export interface SpendCounters {
  add(account: Account, usd: number, at: number): Promise<void>;
  get(
    account: Omit<Account, 'channelId' | 'userId'>,
    scope: SpendScope,
    id: string,
    period: Period,
    at: number,
  ): Promise<number>;
}

const GRACE_MS = 24 * 60 * 60 * 1000;

export function createSpendCounters(store: StateStore): SpendCounters {
  const ns = store.namespace('spend');
  const lock = createKeyedLock();
  const key = (
    a: { platform: string; serverId?: string },
    scope: SpendScope,
    id: string,
    period: Period,
    at: number,
  ) => `${a.platform}:${serverOf(a)}:${scope}:${id}:${periodKey(period, at)}`;
  return {
    async add(account, amount, at) {
      if (!(amount > 0)) return;
      const targets: Array<[SpendScope, string]> = [
        ['user', account.userId],
        ['channel', account.channelId],
        ['server', serverOf(account)],
      ];
      await Promise.all(
        targets.flatMap(([scope, id]) =>
          PERIODS.map((period) => {
            const k = key(account, scope, id, period, at);
            return lock.run(k, async () => {
              const current = (await ns.get<number>(k)) ?? 0;
              await ns.set(k, current + amount, periodEnd(period, at) - at + GRACE_MS);
            });
          }),
        ),
      );
    },
    async get(account, scope, id, period, at) {
      const k = key(account, scope, id, period, at);
      return lock.run(k, async () => (await ns.get<number>(k)) ?? 0);
    },
  };
}
