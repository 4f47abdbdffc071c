/**
 * The SQLite connection behind the embedded store (and its @keyv/sqlite adapter).
 * It keeps the last statements it prepared and runs each query on one of them: sqlite3's
 * `Database#all` prepares, runs and finalizes a new statement every time (three trips to the thread
 * pool and back); a kept statement is one trip. Statements are bounded (least recently used are
 * finalized) and all are finalized before the connection closes.
 */
import sqlite3 from 'sqlite3';

export interface SqliteConnection {
  /** Runs one statement; parameters as one array or one by one (as @keyv/sqlite passes them). */
  query(sql: string, ...params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

interface Kept {
  statement: sqlite3.Statement;
  /** Settles when the statement is prepared (rejects with SQLite's error if it cannot be). */
  prepared: Promise<void>;
  ready: boolean;
}

export interface SqliteConnectionOptions {
  busyTimeoutMs?: number;
  /** Prepared statements kept (default 64). */
  maxStatements?: number;
}

export async function openSqliteConnection(
  file: string,
  options: SqliteConnectionOptions = {},
): Promise<SqliteConnection> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) =>
      err ? reject(err) : resolve(opened),
    );
  });
  if (options.busyTimeoutMs) db.configure('busyTimeout', options.busyTimeoutMs);
  const max = options.maxStatements ?? 64;
  const kept = new Map<string, Kept>();

  function keep(sql: string): Kept {
    const hit = kept.get(sql);
    if (hit) {
      kept.delete(sql); // most recently used last
      kept.set(sql, hit);
      return hit;
    }
    let settle!: (err: Error | null) => void;
    const prepared = new Promise<void>((resolve, reject) => {
      settle = (err) => (err ? reject(err) : resolve());
    });
    const entry: Kept = {
      prepared,
      ready: false,
      statement: db.prepare(sql, (err: Error | null) => {
        if (err) {
          // sqlite3 never calls back runs queued on a statement that failed to prepare: reject them here
          if (kept.get(sql) === entry) kept.delete(sql);
        } else entry.ready = true;
        settle(err);
      }),
    };
    prepared.catch(() => undefined); // each caller sees the rejection through its own await
    kept.set(sql, entry);
    if (kept.size > max) {
      const [oldest, old] = kept.entries().next().value as [string, Kept];
      kept.delete(oldest);
      old.statement.finalize(); // queued after its pending runs
    }
    return entry;
  }

  const run = (statement: sqlite3.Statement, params: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      statement.all(params, (err: Error | null, rows: unknown[]) => (err ? reject(err) : resolve(rows)));
    });

  return {
    async query(sql, ...rest) {
      const params = rest.length === 1 && Array.isArray(rest[0]) ? (rest[0] as unknown[]) : rest;
      const entry = keep(sql);
      if (!entry.ready) await entry.prepared;
      return run(entry.statement, params);
    },
    async close() {
      const statements = [...kept.values()];
      kept.clear();
      // one that failed to prepare never calls back: only the prepared ones are finalized
      const finalize = (entry: Kept) =>
        entry.prepared.then(
          () => new Promise<void>((resolve) => entry.statement.finalize(() => resolve())),
          () => undefined,
        );
      await Promise.all(statements.map(finalize));
      await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

/**
 * Moves a @keyv/sqlite adapter onto a connection of ours: its own (opened by its constructor, which
 * overwrites any `connect` option in @keyv/sqlite 4) is closed once it has made its table, and its
 * public `query` and `close` run on the kept statements from then on.
 */
export async function keepStatements(
  adapter: { query: SqliteConnection['query']; close: () => Promise<void> },
  file: string,
  busyTimeoutMs: number,
): Promise<void> {
  const conn = await openSqliteConnection(file, { busyTimeoutMs });
  await adapter.close();
  adapter.query = conn.query;
  adapter.close = conn.close;
}
