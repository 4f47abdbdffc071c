/** Exact sliding-window rate limits: a hit counts for `windowMs` after it happened, no bucket edges. */
import { randomUUID } from 'node:crypto';
import { HITS, type MemoryCells, PREFIX, type RedisEval, type SqlQuery } from './backends.js';
import {
  assertInteger,
  assertKeyName,
  assertPositiveMs,
  type SlidingWindows,
  type WindowHit,
} from './contract.js';

function check(key: string, limit: number, windowMs: number): number {
  assertKeyName(key);
  assertInteger('limit', limit);
  return assertPositiveMs('windowMs', windowMs);
}

export function memoryWindows(cells: MemoryCells): SlidingWindows {
  return {
    async hit(key, limit, windowMs, now = Date.now()): Promise<WindowHit> {
      const window = check(key, limit, windowMs);
      const hits = (cells.windows.get(key) ?? []).filter((hit) => hit.at > now - window);
      if (hits.length < limit) {
        const id = randomUUID();
        hits.push({ at: now, id });
        cells.windows.set(key, hits);
        return { allowed: true, count: hits.length, retryAfterMs: 0, id };
      }
      cells.windows.set(key, hits);
      const oldest = Math.min(...hits.map((hit) => hit.at));
      return { allowed: false, count: hits.length, retryAfterMs: Math.max(1, oldest + window - now) };
    },
    async forget(key, id) {
      const hits = cells.windows.get(key) ?? [];
      const kept = hits.filter((hit) => hit.id !== id);
      cells.windows.set(key, kept);
      return kept.length < hits.length;
    },
  };
}

export function sqliteWindows(query: SqlQuery): SlidingWindows {
  return {
    async hit(key, limit, windowMs, now = Date.now()): Promise<WindowHit> {
      const window = check(key, limit, windowMs);
      const raw = PREFIX.window + key;
      const since = now - window;
      await query(`DELETE FROM ${HITS} WHERE key = ? AND at <= ?`, [raw, since]);
      // One statement: count and insert happen in the same write transaction.
      const id = randomUUID();
      const inserted = await query(
        `INSERT INTO ${HITS} (key, at, id, expires) SELECT ?, ?, ?, ?
         WHERE (SELECT count(*) FROM ${HITS} WHERE key = ? AND at > ?) < ? RETURNING id`,
        [raw, now, id, now + window, raw, since, limit],
      );
      const rows = (await query(
        `SELECT count(*) AS count, min(at) AS oldest FROM ${HITS} WHERE key = ? AND at > ?`,
        [raw, since],
      )) as Array<{ count: number; oldest: number | null }>;
      const count = rows[0]?.count ?? 0;
      if (inserted.length === 1) return { allowed: true, count, retryAfterMs: 0, id };
      const oldest = rows[0]?.oldest ?? now;
      return { allowed: false, count, retryAfterMs: Math.max(1, oldest + window - now) };
    },
    async forget(key, id) {
      const rows = await query(`DELETE FROM ${HITS} WHERE key = ? AND id = ? RETURNING id`, [
        PREFIX.window + key,
        id,
      ]);
      return rows.length > 0;
    },
  };
}

const HIT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, count + 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, count, tonumber(oldest[2]) + window - now}`;

const FORGET = `return redis.call('ZREM', KEYS[1], ARGV[1])`;

export function redisWindows(evaluate: RedisEval, root: string): SlidingWindows {
  return {
    async hit(key, limit, windowMs, now = Date.now()): Promise<WindowHit> {
      const window = check(key, limit, windowMs);
      const id = randomUUID();
      const reply = (await evaluate(
        HIT,
        [root + PREFIX.window + key],
        [String(now), String(window), String(limit), id],
      )) as number[];
      const [allowed, count, retry] = reply.map(Number);
      return allowed === 1
        ? { allowed: true, count: count ?? 0, retryAfterMs: 0, id }
        : { allowed: false, count: count ?? 0, retryAfterMs: Math.max(1, retry ?? 1) };
    },
    async forget(key, id) {
      return Number(await evaluate(FORGET, [root + PREFIX.window + key], [id])) === 1;
    },
  };
}
