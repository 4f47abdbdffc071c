import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSqliteTables, type SqlQuery } from '../../../src/state/primitives/backends.js';
import { sqliteCounters } from '../../../src/state/primitives/counter.js';
import { openSqliteConnection, type SqliteConnection } from '../../../src/state/sqlite-connection.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SQLite counter additions of one event-loop turn', () => {
  let dir: string;
  let conn: SqliteConnection;
  let statements: string[];
  let fail: Error | undefined;
  let query: SqlQuery;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-add-batch-'));
    conn = await openSqliteConnection(join(dir, 'c.sqlite'));
    statements = [];
    fail = undefined;
    query = async (sql, params) => {
      statements.push(sql);
      if (fail && sql.startsWith('INSERT')) throw fail;
      return conn.query(sql, params ?? []);
    };
    await ensureSqliteTables(query);
    statements = [];
  });
  afterEach(async () => {
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inserts = () => statements.filter((sql) => sql.startsWith('INSERT'));

  it('go to the file in one statement, and a key two callers name gets both additions', async () => {
    const counters = sqliteCounters(query);
    await Promise.all([
      counters.add([{ key: 'user:a', ttlMs: 60_000 }, { key: 'server:s' }], 3),
      counters.add([{ key: 'user:b' }, { key: 'server:s' }], 4),
      counters.add([{ key: 'user:a' }], -1),
    ]);
    expect(inserts()).toHaveLength(1);
    expect(await counters.read(['user:a', 'user:b', 'server:s'])).toEqual([2, 4, 7]);
  });

  it('of separate turns go separately, each settled once committed', async () => {
    const counters = sqliteCounters(query);
    const first = counters.add([{ key: 'k' }], 1);
    await nextTurn();
    const second = counters.add([{ key: 'k' }], 2);
    await Promise.all([first, second]);
    expect(inserts()).toHaveLength(2);
    expect(await counters.read(['k'])).toEqual([3]);
  });

  it('all fail together when their statement fails (none of them counted)', async () => {
    const counters = sqliteCounters(query);
    fail = new Error('disk I/O error');
    const results = await Promise.allSettled([
      counters.add([{ key: 'x' }], 1),
      counters.add([{ key: 'y' }], 2),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = undefined;
    expect(await counters.read(['x', 'y'])).toEqual([0, 0]);
    await counters.add([{ key: 'x' }], 5); // a later turn starts afresh
    expect(await counters.read(['x'])).toEqual([5]);
  });

  it('still refuse a call that lists a key twice, without touching the others', async () => {
    const counters = sqliteCounters(query);
    const good = counters.add([{ key: 'ok' }], 1);
    await expect(counters.add([{ key: 'dup' }, { key: 'dup' }], 1)).rejects.toThrow(/listed twice/);
    await good;
    expect(await counters.read(['ok', 'dup'])).toEqual([1, 0]);
  });
});
