/** Builds the atomic primitives for one backend (see contract.ts for the shared contract). */
import { createMemoryCells, ensureSqliteTables, type RedisEval, type SqlQuery } from './backends.js';
import { memoryClaims, type RedisSetNx, redisClaims, sqliteClaims } from './claim.js';
import type { AtomicPrimitives } from './contract.js';
import { memoryCounters, redisCounters, sqliteCounters } from './counter.js';
import { memoryLocks, redisLocks, sqliteLocks } from './lock.js';
import { memoryReservations, redisReservations, sqliteReservations } from './reservation.js';
import { memoryWindows, redisWindows, sqliteWindows } from './sliding-window.js';

export function createMemoryPrimitives(): AtomicPrimitives {
  const cells = createMemoryCells();
  return {
    counters: memoryCounters(cells),
    claims: memoryClaims(cells),
    locks: memoryLocks(cells),
    windows: memoryWindows(cells),
    reservations: memoryReservations(cells),
  };
}

export async function createSqlitePrimitives(query: SqlQuery): Promise<AtomicPrimitives> {
  await ensureSqliteTables(query);
  const counters = sqliteCounters(query);
  return {
    counters,
    claims: sqliteClaims(query),
    locks: sqliteLocks(query),
    windows: sqliteWindows(query),
    reservations: sqliteReservations(query, counters),
  };
}

export interface RedisCommands {
  evaluate: RedisEval;
  setNx: RedisSetNx;
  get(key: string): Promise<string | null>;
  mget(keys: string[]): Promise<Array<string | null>>;
}

export function createRedisPrimitives(redis: RedisCommands, root: string): AtomicPrimitives {
  return {
    counters: redisCounters(redis.evaluate, root, redis.mget),
    claims: redisClaims(redis.setNx, root),
    locks: redisLocks(redis.setNx, redis.evaluate, root),
    windows: redisWindows(redis.evaluate, root),
    reservations: redisReservations(redis.evaluate, root, redis.get),
  };
}
