/**
 * Multi-limit reservations: add an amount to several counters only if every one stays within its limit,
 * then settle to the real amount (or release) exactly once. Counters are the same cells as `Counters`, so a
 * counter's value is always settled spend + open reservations.
 */
import { randomUUID } from 'node:crypto';
import { CELLS, LIVE, type MemoryCells, PREFIX, type RedisEval, type SqlQuery } from './backends.js';
import {
  assertInteger,
  assertPositiveMs,
  type Counters,
  checkReserve,
  firstBlocked,
  type Reservation,
  type Reservations,
} from './contract.js';
import { SQL_ADD_ON_CONFLICT } from './counter.js';

function checkActual(actual: number): void {
  assertInteger('actual', actual);
  if (actual < 0) throw new RangeError(`actual must not be negative (got ${actual})`);
}

export function memoryReservations(cells: MemoryCells): Reservations {
  const settle = async (reservation: Reservation, actual: number) => {
    checkActual(actual);
    const now = Date.now();
    const record = cells.live(PREFIX.reservation + reservation.id, now);
    if (!record) return false;
    cells.drop(PREFIX.reservation + reservation.id);
    for (const key of reservation.keys) {
      const cell = cells.live(PREFIX.counter + key, now);
      if (cell) cell.n += actual - record.n;
    }
    return true;
  };
  return {
    async reserve(amount, limits, leaseMs) {
      checkReserve(amount, limits);
      const lease = assertPositiveMs('leaseMs', leaseMs);
      const now = Date.now();
      const values = limits.map(({ key }) => cells.live(PREFIX.counter + key, now)?.n ?? 0);
      const blocked = firstBlocked(amount, limits, values);
      if (blocked) return { ok: false, ...blocked };
      for (const { key, ttlMs } of limits) {
        const cell = cells.live(PREFIX.counter + key, now);
        if (cell) cell.n += amount;
        else
          cells.put(PREFIX.counter + key, {
            n: amount,
            expires: ttlMs === undefined ? undefined : now + Math.ceil(ttlMs),
          });
      }
      const id = randomUUID();
      cells.put(PREFIX.reservation + id, { n: amount, expires: now + lease });
      return { ok: true, reservation: { id, amount, keys: limits.map(({ key }) => key) } };
    },
    settle,
    release: (reservation) => settle(reservation, 0),
    async pending(id) {
      return cells.live(PREFIX.reservation + id)?.n;
    },
  };
}

/**
 * One INSERT … SELECT upserts every counter and the reservation record, or none of them when any limit would be
 * crossed (the NOT EXISTS sees the same snapshot the write transaction holds).
 */
function reserveSql(count: number): string {
  const rows = Array.from({ length: count + 1 }, () => '(?, ?, ?)').join(', ');
  return `WITH req(key, lim, expires) AS (VALUES ${rows})
    INSERT INTO ${CELLS} (key, n, owner, expires)
    SELECT req.key, ?, NULL, req.expires FROM req
    WHERE NOT EXISTS (
      SELECT 1 FROM req AS r LEFT JOIN ${CELLS} AS c ON c.key = r.key AND (c.expires IS NULL OR c.expires > ?)
      WHERE r.lim IS NOT NULL AND coalesce(c.n, 0) + ? > r.lim)
    ${SQL_ADD_ON_CONFLICT}
    RETURNING key`;
}

export function sqliteReservations(query: SqlQuery, counters: Counters): Reservations {
  const settle = async (reservation: Reservation, actual: number) => {
    checkActual(actual);
    const now = Date.now();
    const taken = (await query(`DELETE FROM ${CELLS} WHERE key = ? AND ${LIVE(CELLS)} RETURNING n`, [
      PREFIX.reservation + reservation.id,
      now,
    ])) as Array<{ n: number }>;
    const reserved = taken[0]?.n;
    if (reserved === undefined) return false;
    const keys = reservation.keys.map((key) => PREFIX.counter + key);
    await query(
      `UPDATE ${CELLS} SET n = n + ? WHERE key IN (${keys.map(() => '?').join(',')}) AND ${LIVE(CELLS)}`,
      [actual - reserved, ...keys, now],
    );
    return true;
  };
  return {
    async reserve(amount, limits, leaseMs) {
      checkReserve(amount, limits);
      const lease = assertPositiveMs('leaseMs', leaseMs);
      const now = Date.now();
      const id = randomUUID();
      const values = limits.flatMap(({ key, limit, ttlMs }) => [
        PREFIX.counter + key,
        limit,
        ttlMs === undefined ? null : now + Math.ceil(ttlMs),
      ]);
      values.push(PREFIX.reservation + id, null, now + lease);
      const written = await query(reserveSql(limits.length), [...values, amount, now, amount, now, now]);
      const reservation = { id, amount, keys: limits.map(({ key }) => key) };
      if (written.length > 0) return { ok: true, reservation };
      const current = await counters.read(reservation.keys);
      const blocked = firstBlocked(amount, limits, current);
      // A concurrent settle may have freed room since the refusal: report the first limited counter then.
      const first = limits.findIndex(({ limit }) => limit !== null);
      const fallback = {
        key: limits[first]?.key ?? '',
        used: current[first] ?? 0,
        limit: limits[first]?.limit ?? 0,
      };
      return { ok: false, ...(blocked ?? fallback) };
    },
    settle,
    release: (reservation) => settle(reservation, 0),
    async pending(id) {
      const rows = (await query(`SELECT n FROM ${CELLS} WHERE key = ? AND ${LIVE(CELLS)}`, [
        PREFIX.reservation + id,
        Date.now(),
      ])) as Array<{ n: number }>;
      return rows[0]?.n;
    },
  };
}

const RESERVE = `
local amount = tonumber(ARGV[1])
for j = 2, #KEYS do
  local limit = ARGV[2 * j - 1]
  if limit ~= '' then
    local used = tonumber(redis.call('GET', KEYS[j]) or '0')
    if used + amount > tonumber(limit) then return {j - 1, used} end
  end
end
for j = 2, #KEYS do
  local existed = redis.call('EXISTS', KEYS[j])
  redis.call('INCRBY', KEYS[j], ARGV[1])
  local ttl = tonumber(ARGV[2 * j])
  if existed == 0 and ttl > 0 then redis.call('PEXPIRE', KEYS[j], ttl) end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {0, 0}`;

const SETTLE = `
local reserved = redis.call('GET', KEYS[1])
if not reserved then return 0 end
redis.call('DEL', KEYS[1])
local delta = string.format('%d', tonumber(ARGV[1]) - tonumber(reserved))
for j = 2, #KEYS do
  if redis.call('EXISTS', KEYS[j]) == 1 then redis.call('INCRBY', KEYS[j], delta) end
end
return 1`;

export function redisReservations(
  evaluate: RedisEval,
  root: string,
  get: (key: string) => Promise<string | null>,
): Reservations {
  const counterKeys = (keys: readonly string[]) => keys.map((key) => root + PREFIX.counter + key);
  const settle = async (reservation: Reservation, actual: number) => {
    checkActual(actual);
    const keys = [root + PREFIX.reservation + reservation.id, ...counterKeys(reservation.keys)];
    return Number(await evaluate(SETTLE, keys, [String(actual)])) === 1;
  };
  return {
    async reserve(amount, limits, leaseMs) {
      checkReserve(amount, limits);
      const lease = assertPositiveMs('leaseMs', leaseMs);
      const id = randomUUID();
      const args = [String(amount), String(lease)];
      for (const { limit, ttlMs } of limits)
        args.push(limit === null ? '' : String(limit), String(Math.ceil(ttlMs ?? 0)));
      const keys = [root + PREFIX.reservation + id, ...counterKeys(limits.map(({ key }) => key))];
      const [index, used] = ((await evaluate(RESERVE, keys, args)) as number[]).map(Number);
      if (!index) return { ok: true, reservation: { id, amount, keys: limits.map(({ key }) => key) } };
      const blocked = limits[index - 1];
      return { ok: false, key: blocked?.key ?? '', used: used ?? 0, limit: blocked?.limit ?? 0 };
    },
    settle,
    release: (reservation) => settle(reservation, 0),
    async pending(id) {
      const value = await get(root + PREFIX.reservation + id);
      return value === null ? undefined : Number(value);
    },
  };
}
