/** Claim-once with a TTL: the first caller wins until the claim expires. */
import { CELLS, LIVE, type MemoryCells, PREFIX, type SqlQuery } from './backends.js';
import { assertKeyName, assertPositiveMs, type Claims } from './contract.js';

/** Inserts the cell, or takes over an expired one; RETURNING says whether this call owns it. Binds: key, owner, expires, now. */
export const SQL_TAKE_CELL = `INSERT INTO ${CELLS} (key, n, owner, expires) VALUES (?, 0, ?, ?)
  ON CONFLICT(key) DO UPDATE SET n = 0, owner = excluded.owner, expires = excluded.expires
  WHERE NOT ${LIVE(CELLS)}
  RETURNING key`;

export function memoryTake(cells: MemoryCells, raw: string, owner: string, leaseMs: number): boolean {
  const now = Date.now();
  if (cells.live(raw, now)) return false;
  cells.put(raw, { n: 0, owner, expires: now + leaseMs });
  return true;
}

export async function sqliteTake(
  query: SqlQuery,
  raw: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const now = Date.now();
  const rows = await query(SQL_TAKE_CELL, [raw, owner, now + leaseMs, now]);
  return rows.length === 1;
}

export type RedisSetNx = (key: string, value: string, ttlMs: number) => Promise<boolean>;

export function memoryClaims(cells: MemoryCells): Claims {
  return {
    async claim(key, ttlMs) {
      assertKeyName(key);
      return memoryTake(cells, PREFIX.claim + key, '', assertPositiveMs('ttlMs', ttlMs));
    },
  };
}

export function sqliteClaims(query: SqlQuery): Claims {
  return {
    async claim(key, ttlMs) {
      assertKeyName(key);
      return sqliteTake(query, PREFIX.claim + key, '', assertPositiveMs('ttlMs', ttlMs));
    },
  };
}

export function redisClaims(setNx: RedisSetNx, root: string): Claims {
  return {
    async claim(key, ttlMs) {
      assertKeyName(key);
      return setNx(root + PREFIX.claim + key, '1', assertPositiveMs('ttlMs', ttlMs));
    },
  };
}
