/**
 * One-time carry-over of the spend counters of earlier versions (USD floats in the `spend` namespace, the user's
 * counter per server) into the integer micro-dollar counters, for the current day and month only, so budgets do
 * not start from zero on upgrade. Runs once per store (claimed), before the first budget decision.
 */
import type { Logger } from 'pino';
import type { StateStore } from '../state/store.js';
import { toMicros } from './micro.js';
import { PERIODS, type Period, periodEnd, periodKey } from './periods.js';
import { type Account, counterKey, type SpendScope } from './spend.js';

const CLAIM = 'spend-migration:v1';
const GRACE_MS = 24 * 60 * 60 * 1000;
const SCOPES = new Set<string>(['user', 'channel', 'server']);

/** `platform:server:scope:id:period` → the new counter key, or undefined for other periods. */
function newKey(oldKey: string, now: number): { key: string; period: Period } | undefined {
  const parts = oldKey.split(':');
  if (parts.length !== 5) return undefined;
  const [platform, server, scope, id, period] = parts as [string, string, string, string, string];
  if (!SCOPES.has(scope)) return undefined;
  const which = PERIODS.find((p) => periodKey(p, now) === period);
  if (!which) return undefined;
  const account: Account = {
    platform,
    channelId: scope === 'channel' ? id : '-',
    userId: scope === 'user' ? id : '-',
    ...(server === 'dm' ? {} : { serverId: server }),
  };
  return { key: counterKey(account, scope as SpendScope, which, now), period: which };
}

export async function migrateSpendCounters(
  store: StateStore,
  logger: Logger,
  now = Date.now(),
): Promise<number> {
  if (!(await store.atomic.claims.claim(CLAIM, 400 * 24 * 60 * 60 * 1000))) return 0;
  let moved = 0;
  for await (const [oldKey, usd] of store.namespace('spend').entries<number>()) {
    const target = newKey(oldKey, now);
    const micros = typeof usd === 'number' ? toMicros(usd) : 0;
    if (!target || micros <= 0) continue;
    await store.atomic.counters.increment(target.key, micros, periodEnd(target.period, now) - now + GRACE_MS);
    moved++;
  }
  if (moved > 0)
    logger.info({ counters: moved }, 'carried this period’s spend over into the new budget counters');
  return moved;
}
