import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteConnection, type SqliteConnection } from '../../../src/state/sqlite-connection.js';

describe('the embedded store’s SQLite connection', () => {
  let dir: string;
  let conn: SqliteConnection | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-sqlite-conn-'));
  });
  afterEach(async () => {
    await conn?.close().catch(() => undefined);
    conn = undefined;
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares a statement once and runs it with each call’s own parameters', async () => {
    const prepare = vi.spyOn(sqlite3.Database.prototype, 'prepare');
    conn = await openSqliteConnection(join(dir, 'a.sqlite'));
    await conn.query('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const insert = 'INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = t.v + excluded.v';
    await Promise.all([
      conn.query(insert, ['a', 1]),
      conn.query(insert, ['b', 2]),
      conn.query(insert, 'a', 10),
    ]);
    const rows = await conn.query('SELECT k, v FROM t ORDER BY k');
    expect(rows).toEqual([
      { k: 'a', v: 11 },
      { k: 'b', v: 2 },
    ]);
    expect(prepare.mock.calls.filter(([sql]) => sql === insert)).toHaveLength(1);
    expect(await conn.query('SELECT v FROM t WHERE k = ?', 'b')).toEqual([{ v: 2 }]);
  });

  it('rejects a statement SQLite cannot prepare, every time, instead of never answering', async () => {
    conn = await openSqliteConnection(join(dir, 'b.sqlite'));
    await expect(conn.query('SELEC nonsense')).rejects.toThrow(/syntax error/);
    await expect(conn.query('SELEC nonsense')).rejects.toThrow(/syntax error/);
    expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('keeps a bounded number of statements and still answers the ones it let go', async () => {
    conn = await openSqliteConnection(join(dir, 'c.sqlite'), { maxStatements: 2 });
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < 5; i++)
        expect(await conn.query(`SELECT ${i} AS n, ? AS p`, [round])).toEqual([{ n: i, p: round }]);
  });

  it('closes cleanly with statements kept, and the file opens again with the data', async () => {
    const file = join(dir, 'd.sqlite');
    conn = await openSqliteConnection(file);
    await conn.query('CREATE TABLE t (k TEXT)');
    await conn.query('INSERT INTO t (k) VALUES (?)', ['kept']);
    await expect(conn.query('SELEC broken')).rejects.toThrow();
    await conn.close();
    conn = await openSqliteConnection(file);
    expect(await conn.query('SELECT k FROM t')).toEqual([{ k: 'kept' }]);
  });
});
