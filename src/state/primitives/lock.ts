/** Locks with an owner token and a lease: only the current holder can extend or release. */
import { randomUUID } from 'node:crypto';
import { CELLS, LIVE, type MemoryCells, PREFIX, type RedisEval, type SqlQuery } from './backends.js';
import { memoryTake, type RedisSetNx, sqliteTake } from './claim.js';
import { assertKeyName, assertPositiveMs, type Locks } from './contract.js';

function args(key: string, token: string, leaseMs?: number): number {
  assertKeyName(key);
  if (typeof token !== 'string' || token.length === 0) throw new TypeError('a lock token is required');
  return leaseMs === undefined ? 0 : assertPositiveMs('leaseMs', leaseMs);
}

export function memoryLocks(cells: MemoryCells): Locks {
  const held = (key: string, token: string) => {
    const cell = cells.live(PREFIX.lock + key);
    return cell?.owner === token ? cell : undefined;
  };
  return {
    async acquire(key, leaseMs) {
      assertKeyName(key);
      const token = randomUUID();
      return memoryTake(cells, PREFIX.lock + key, token, assertPositiveMs('leaseMs', leaseMs))
        ? token
        : undefined;
    },
    async extend(key, token, leaseMs) {
      const lease = args(key, token, leaseMs);
      const cell = held(key, token);
      if (cell) cell.expires = Date.now() + lease;
      return cell !== undefined;
    },
    async release(key, token) {
      args(key, token);
      if (!held(key, token)) return false;
      cells.drop(PREFIX.lock + key);
      return true;
    },
  };
}

export function sqliteLocks(query: SqlQuery): Locks {
  return {
    async acquire(key, leaseMs) {
      assertKeyName(key);
      const token = randomUUID();
      const taken = await sqliteTake(query, PREFIX.lock + key, token, assertPositiveMs('leaseMs', leaseMs));
      return taken ? token : undefined;
    },
    async extend(key, token, leaseMs) {
      const lease = args(key, token, leaseMs);
      const now = Date.now();
      const rows = await query(
        `UPDATE ${CELLS} SET expires = ? WHERE key = ? AND owner = ? AND ${LIVE(CELLS)} RETURNING key`,
        [now + lease, PREFIX.lock + key, token, now],
      );
      return rows.length === 1;
    },
    async release(key, token) {
      args(key, token);
      const rows = await query(
        `DELETE FROM ${CELLS} WHERE key = ? AND owner = ? AND ${LIVE(CELLS)} RETURNING key`,
        [PREFIX.lock + key, token, Date.now()],
      );
      return rows.length === 1;
    },
  };
}

const EXTEND = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

export function redisLocks(setNx: RedisSetNx, evaluate: RedisEval, root: string): Locks {
  return {
    async acquire(key, leaseMs) {
      assertKeyName(key);
      const token = randomUUID();
      return (await setNx(root + PREFIX.lock + key, token, assertPositiveMs('leaseMs', leaseMs)))
        ? token
        : undefined;
    },
    async extend(key, token, leaseMs) {
      const lease = args(key, token, leaseMs);
      return Number(await evaluate(EXTEND, [root + PREFIX.lock + key], [token, String(lease)])) === 1;
    },
    async release(key, token) {
      args(key, token);
      return Number(await evaluate(RELEASE, [root + PREFIX.lock + key], [token])) === 1;
    },
  };
}

/** Tries `acquire` until it succeeds or `waitMs` has passed (polling every `stepMs`); undefined on timeout. */
export async function acquireWaiting(
  locks: Locks,
  key: string,
  leaseMs: number,
  options: { waitMs: number; stepMs?: number; signal?: AbortSignal },
): Promise<string | undefined> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const token = await locks.acquire(key, leaseMs);
    if (token || Date.now() >= deadline || options.signal?.aborted) return token;
    await new Promise((resolve) => setTimeout(resolve, options.stepMs ?? 25));
  }
}
