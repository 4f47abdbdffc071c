/** StateStore in a SQLite file `${dataDir}/switchboard.sqlite` via @keyv/sqlite (the single-instance default). */
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { reasonOf, StartupError } from '../common/startup.js';
import { ensureDataDir } from './data-dir.js';
import { createKeyIndex } from './key-index.js';
import { KEYV_OPTIONS } from './keyv-options.js';
import { createKeyvStore, type KeyvStateStore, type KeyvStoreOptions } from './keyv-store.js';
import { holdOwnerLock } from './owner-lock.js';
import { purgeSqliteCells, type SqlQuery } from './primitives/backends.js';
import { createSqlitePrimitives } from './primitives/index.js';
import { keepStatements } from './sqlite-connection.js';

export const SQLITE_FILE_NAME = 'switchboard.sqlite';
const TABLE = 'keyv';
/** Rows per statement when writes are batched (two parameters each, well under SQLite's limit). */
const ROWS_PER_STATEMENT = 250;
/** The in-memory copy of values (see cached-namespace.ts): bounded in bytes and entries. */
const CACHE_LIMITS = { maxBytes: 32 * 1024 * 1024, maxEntries: 50_000 };
/** Keys known to exist are indexed up to this many (about 100 bytes each). */
const MAX_INDEXED_KEYS = 200_000;

export interface SqliteStoreOptions {
  dataDir: string;
  /** How often expired rows are deleted (they are otherwise only dropped when read). */
  purgeIntervalMs?: number;
  /** The longest one read or write may take (default none). */
  timeoutMs?: number;
  /**
   * Default true: this process owns the file (an owner lock next to it, so a second Switchboard on the
   * same DATA_DIR fails at start instead of answering twice); values are cached in memory and writes
   * batched. False: several connections may write the file (tests of cross-connection atomicity).
   */
  exclusive?: boolean;
  /** Group commit of an owned file (see KeyvStoreOptions.commitIntervalMs; default 0). */
  commitIntervalMs?: number;
  onWriteFailed?: KeyvStoreOptions['onWriteFailed'];
}

export async function createSqliteStore(options: SqliteStoreOptions): Promise<KeyvStateStore> {
  const dataDir = await ensureDataDir(options.dataDir);
  const file = path.join(dataDir, SQLITE_FILE_NAME);
  const exclusive = options.exclusive ?? true;
  const owner = exclusive ? await holdOwnerLock(`${file}.owner`) : undefined;
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: 5000 });
  const keyv = new Keyv({ ...KEYV_OPTIONS, store: adapter });
  // Surface a bad path or a locked/corrupt file now, not on the first command; then run every query
  // (keyv's too) on a connection that keeps its prepared statements.
  await (async () => {
    await adapter.query('PRAGMA journal_mode=WAL'); // the adapter has created its table by then
    await keepStatements(adapter, file, 5000);
  })().catch(async (err: unknown) => {
    await adapter.disconnect().catch(() => undefined);
    await owner?.release().catch(() => undefined);
    throw sqliteOpenError(file, err);
  });
  // WAL + NORMAL: no fsync per statement (a crash of the bot loses nothing; a power cut may lose the last writes)
  await adapter.query('PRAGMA synchronous=NORMAL');
  const query: SqlQuery = async (sql, params = []) => (await adapter.query(sql, params)) as unknown[];
  const atomic = await createSqlitePrimitives(query);
  const allKeys = async () =>
    ((await adapter.query(`SELECT key FROM ${TABLE}`)) as Array<{ key: string }>).map((row) => row.key);
  // filled by the purge at the end of start (and after each purge)
  const index = exclusive ? createKeyIndex(undefined, MAX_INDEXED_KEYS) : undefined;

  const store = createKeyvStore(
    {
      kind: 'sqlite',
      keyv,
      atomic,
      listKeys: async (prefix) => {
        // substr equality, not LIKE: exact and case-sensitive, no wildcard characters in namespaces.
        const rows = (await adapter.query(`SELECT key FROM ${TABLE} WHERE substr(key, 1, ?) = ?`, [
          prefix.length,
          prefix,
        ])) as Array<{ key: string }>;
        return rows.map((row) => row.key);
      },
      // One statement: insert, or replace only an expired row; RETURNING tells whether we wrote.
      setIfAbsent: async (rawKey, serialized) => {
        const rows = (await adapter.query(
          `INSERT INTO ${TABLE} (key, value) VALUES (?, ?)
           ON CONFLICT(key) DO UPDATE SET value = excluded.value
           WHERE json_valid(${TABLE}.value) AND json_extract(${TABLE}.value, '$.expires') < ?
           RETURNING key`,
          [rawKey, serialized, Date.now()],
        )) as unknown[];
        return rows.length === 1;
      },
      purgeExpired: async () => {
        await purgeSqliteCells(query);
        await adapter.query(
          `DELETE FROM ${TABLE} WHERE json_valid(value) AND json_extract(value, '$.expires') < ?`,
          [Date.now()],
        );
        await index?.rebuild(allKeys);
      },
      // one process owns this file: cache values, batch writes
      exclusive: index && {
        limits: CACHE_LIMITS,
        index,
        writeMany: async (rows) => {
          for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
            const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
            await adapter.query(
              `INSERT INTO ${TABLE} (key, value) VALUES ${chunk.map(() => '(?, ?)').join(', ')}
               ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
              chunk.flat(),
            );
          }
        },
        deleteMany: async (keys) => {
          for (let i = 0; i < keys.length; i += ROWS_PER_STATEMENT) {
            const chunk = keys.slice(i, i + ROWS_PER_STATEMENT);
            await adapter.query(
              `DELETE FROM ${TABLE} WHERE key IN (${chunk.map(() => '?').join(', ')})`,
              chunk,
            );
          }
        },
      },
      close: async () => {
        await adapter.disconnect();
        await owner?.release();
      },
    },
    {
      purgeIntervalMs: options.purgeIntervalMs ?? 10 * 60_000,
      timeoutMs: options.timeoutMs,
      commitIntervalMs: options.commitIntervalMs,
      onWriteFailed: options.onWriteFailed,
    },
  );
  await store.purgeExpired();
  return store;
}

/** What an operator can do about a database file that does not open. */
function sqliteOpenError(file: string, err: unknown): StartupError {
  const code = (err as { code?: string } | null)?.code ?? '';
  const likely =
    code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
      ? 'another process holds it locked: stop the other Switchboard using this DATA_DIR, or give each its own'
      : code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB'
        ? 'the file is damaged or not a database: move it away (a new one is created) or restore a backup'
        : 'make sure it is a file (not a directory) that this user can read and write, on a disk that is not read-only or full';
  return new StartupError(
    'STARTUP.SQLITE',
    'DATA_DIR',
    `Cannot open the SQLite database ${file} (${reasonOf(err)}).\nFix: ${likely}; or set DATA_DIR to another directory, or REDIS_URL to use Redis.`,
    err,
  );
}
