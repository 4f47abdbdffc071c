/**
 * The three places primitives keep their data. Memory: one Map of cells (every operation is a synchronous
 * critical section). SQLite: one table of integer cells plus one of window hits; every operation that must be
 * atomic is a single statement (SQLite runs each statement in its own transaction, across connections and
 * processes). Redis: integer keys and Lua scripts (each script runs atomically on the server).
 */

export interface Cell {
  n: number;
  owner?: string;
  /** Epoch ms after which the cell is gone; undefined = forever. */
  expires?: number;
}

export interface MemoryCells {
  /** The cell when present and not expired (expired cells are dropped on read). */
  live(key: string, now?: number): Cell | undefined;
  put(key: string, cell: Cell): void;
  drop(key: string): void;
  /** Hits (time and id) per sliding-window key. */
  windows: Map<string, Array<{ at: number; id: string }>>;
}

export function createMemoryCells(): MemoryCells {
  const cells = new Map<string, Cell>();
  return {
    live(key, now = Date.now()) {
      const cell = cells.get(key);
      if (cell?.expires !== undefined && cell.expires <= now) {
        cells.delete(key);
        return undefined;
      }
      return cell;
    },
    put: (key, cell) => void cells.set(key, cell),
    drop: (key) => void cells.delete(key),
    windows: new Map(),
  };
}

export type SqlQuery = (sql: string, params?: unknown[]) => Promise<unknown[]>;

export const CELLS = 'switchboard_cells';
export const HITS = 'switchboard_window_hits';

/** A row is live when it has no expiry or expires after `?` (bind the current time). */
export const LIVE = (table: string) => `(${table}.expires IS NULL OR ${table}.expires > ?)`;

export async function ensureSqliteTables(query: SqlQuery): Promise<void> {
  await query(
    `CREATE TABLE IF NOT EXISTS ${CELLS} (key TEXT PRIMARY KEY, n INTEGER NOT NULL, owner TEXT, expires INTEGER)`,
  );
  await query(
    `CREATE TABLE IF NOT EXISTS ${HITS} (key TEXT NOT NULL, at INTEGER NOT NULL, id TEXT NOT NULL, expires INTEGER NOT NULL)`,
  );
  await query(`CREATE INDEX IF NOT EXISTS ${HITS}_key_at ON ${HITS} (key, at)`);
}

/** Deletes expired cells and window hits (called with the store's purge timer). */
export async function purgeSqliteCells(query: SqlQuery, now = Date.now()): Promise<void> {
  await query(`DELETE FROM ${CELLS} WHERE expires IS NOT NULL AND expires <= ?`, [now]);
  await query(`DELETE FROM ${HITS} WHERE expires <= ?`, [now]);
}

export type RedisEval = (script: string, keys: string[], args: string[]) => Promise<unknown>;

/** Key prefixes per primitive; the '@' keeps them apart from namespaces (which start with a letter or digit). */
export const PREFIX = {
  counter: '@n:',
  claim: '@c:',
  lock: '@l:',
  window: '@w:',
  reservation: '@r:',
} as const;
