/** Atomic integer counters (INCRBY semantics) on memory, SQLite and Redis. */
import { CELLS, LIVE, type MemoryCells, PREFIX, type RedisEval, type SqlQuery } from './backends.js';
import { assertInteger, assertKeyName, assertPositiveMs, type Counters, checkAdd } from './contract.js';
import { sqliteAddBatcher } from './sqlite-add-batch.js';

function check(key: string, delta: number, ttlMs: number | undefined): number | undefined {
  assertKeyName(key);
  assertInteger('delta', delta);
  return ttlMs === undefined ? undefined : assertPositiveMs('ttlMs', ttlMs);
}

export function memoryCounters(cells: MemoryCells): Counters {
  return {
    async increment(key, delta, ttlMs) {
      const ttl = check(key, delta, ttlMs);
      const now = Date.now();
      const raw = PREFIX.counter + key;
      const cell = cells.live(raw, now);
      if (cell) {
        cell.n += delta;
        return cell.n;
      }
      cells.put(raw, { n: delta, expires: ttl === undefined ? undefined : now + ttl });
      return delta;
    },
    async read(keys) {
      const now = Date.now();
      return keys.map((key) => cells.live(PREFIX.counter + key, now)?.n ?? 0);
    },
    async add(keys, delta) {
      checkAdd(keys, delta);
      const now = Date.now();
      for (const { key, ttlMs } of keys) {
        const cell = cells.live(PREFIX.counter + key, now);
        if (cell) cell.n += delta;
        else
          cells.put(PREFIX.counter + key, {
            n: delta,
            expires: ttlMs === undefined ? undefined : now + Math.ceil(ttlMs),
          });
      }
    },
  };
}

/** Upsert adding `excluded.n` to a live row, or starting over on an expired one. Binds: now, now. */
export const SQL_ADD_ON_CONFLICT = `ON CONFLICT(key) DO UPDATE SET
  n = CASE WHEN ${LIVE(CELLS)} THEN ${CELLS}.n + excluded.n ELSE excluded.n END,
  expires = CASE WHEN ${LIVE(CELLS)} THEN ${CELLS}.expires ELSE excluded.expires END`;

export function sqliteCounters(query: SqlQuery): Counters {
  const addBatched = sqliteAddBatcher(query, SQL_ADD_ON_CONFLICT);
  return {
    async increment(key, delta, ttlMs) {
      const ttl = check(key, delta, ttlMs);
      const now = Date.now();
      const rows = (await query(
        `INSERT INTO ${CELLS} (key, n, owner, expires) VALUES (?, ?, NULL, ?) ${SQL_ADD_ON_CONFLICT} RETURNING n`,
        [PREFIX.counter + key, delta, ttl === undefined ? null : now + ttl, now, now],
      )) as Array<{ n: number }>;
      return rows[0]?.n ?? 0;
    },
    async read(keys) {
      if (keys.length === 0) return [];
      const raw = keys.map((key) => PREFIX.counter + key);
      const rows = (await query(
        `SELECT key, n FROM ${CELLS} WHERE key IN (${raw.map(() => '?').join(',')}) AND ${LIVE(CELLS)}`,
        [...raw, Date.now()],
      )) as Array<{ key: string; n: number }>;
      const byKey = new Map(rows.map((row) => [row.key, row.n]));
      return raw.map((key) => byKey.get(key) ?? 0);
    },
    async add(keys, delta) {
      checkAdd(keys, delta);
      if (keys.length === 0) return;
      // one statement = one transaction, shared with the other adds of this event-loop turn
      await addBatched(keys, delta);
    },
  };
}

const INCREMENT = `
local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`;

const ADD = `
for j = 1, #KEYS do
  local existed = redis.call('EXISTS', KEYS[j])
  redis.call('INCRBY', KEYS[j], ARGV[1])
  if existed == 0 and tonumber(ARGV[j + 1]) > 0 then redis.call('PEXPIRE', KEYS[j], ARGV[j + 1]) end
end
return 1`;

export function redisCounters(
  evaluate: RedisEval,
  root: string,
  mget: (keys: string[]) => Promise<Array<string | null>>,
): Counters {
  return {
    async increment(key, delta, ttlMs) {
      const ttl = check(key, delta, ttlMs);
      const value = await evaluate(
        INCREMENT,
        [root + PREFIX.counter + key],
        [String(delta), String(ttl ?? 0)],
      );
      return Number(value);
    },
    async read(keys) {
      if (keys.length === 0) return [];
      const values = await mget(keys.map((key) => root + PREFIX.counter + key));
      return values.map((value) => (value === null ? 0 : Number(value)));
    },
    async add(keys, delta) {
      checkAdd(keys, delta);
      if (keys.length === 0) return;
      await evaluate(
        ADD,
        keys.map(({ key }) => root + PREFIX.counter + key),
        [String(delta), ...keys.map(({ ttlMs }) => String(ttlMs === undefined ? 0 : Math.ceil(ttlMs)))],
      );
    },
  };
}
