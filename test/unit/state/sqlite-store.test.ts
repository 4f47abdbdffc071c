import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createStateStore } from '../../../src/state/create-state-store.js';
import { createSqliteStore, SQLITE_FILE_NAME } from '../../../src/state/sqlite-store.js';
import { countRows } from './sqlite-rows.js';
import { pollUntil, runStoreContract } from './store-contract.js';

const root = await mkdtemp(path.join(tmpdir(), 'switchboard-sqlite-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const contractDir = path.join(root, 'contract');
runStoreContract(
  'sqlite (shared file)',
  () => createSqliteStore({ dataDir: contractDir, exclusive: false }),
  {
    kind: 'sqlite',
    persistent: true,
  },
);

// the default: one process owns its file (cached values, batched writes); each store its own file here
let exclusiveDirs = 0;
runStoreContract(
  'sqlite (exclusive, the default)',
  () => createStateStore({ dataDir: path.join(root, `exclusive-${exclusiveDirs++}`) }),
  { kind: 'sqlite', persistent: false },
);

describe('SQLite state store', () => {
  it('creates the data directory and the switchboard.sqlite file inside it', async () => {
    const dataDir = path.join(root, 'nested', 'data');
    const store = await createStateStore({ dataDir });
    try {
      expect(store.kind).toBe('sqlite');
      await store.namespace('probe').set('k', 1);
      expect(existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('makes one namespace object per name and durability, however often it is asked for', async () => {
    const store = await createSqliteStore({ dataDir: path.join(root, 'namespaces') });
    try {
      const first = store.namespace('usage.discord.g1.m2026-12');
      expect(store.namespace('usage.discord.g1.m2026-12')).toBe(first);
      expect(store.namespace('usage.discord.g1.m2026-12', { durable: false })).not.toBe(first);
      expect(store.namespace('usage.discord.g2.m2026-12')).not.toBe(first);
      await first.set('k', 1);
      expect(await store.namespace('usage.discord.g1.m2026-12', { durable: false }).get('k')).toBe(1);
      expect(() => store.namespace('bad:name')).toThrow(/invalid namespace/);
      expect(() => store.namespace('bad:name')).toThrow(/invalid namespace/);
    } finally {
      await store.close();
    }
  });

  it('physically deletes expired rows that were never read again', async () => {
    const dataDir = path.join(root, 'purge');
    const store = await createSqliteStore({ dataDir, exclusive: false });
    const space = store.namespace('dedup');
    try {
      await space.set('keep', true);
      await space.set('event-1', true, 30);
      await space.set('event-2', true, 30);
      const file = path.join(dataDir, SQLITE_FILE_NAME);
      expect(await countRows(file)).toBe(3);
      await pollUntil(async () => {
        await store.purgeExpired();
        return (await countRows(file)) === 1;
      });
      expect(await space.get('keep')).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('owns its DATA_DIR: a second store there fails at start with what to do; readers still read', async () => {
    const dataDir = path.join(root, 'owned');
    const store = await createSqliteStore({ dataDir });
    try {
      await expect(createSqliteStore({ dataDir })).rejects.toThrow(/Another Switchboard is already using/);
      await store.namespace('probe').set('k', 1); // the owner is unaffected
      // others may still read the state file while it runs (hot backups)
      expect(await countRows(path.join(dataDir, SQLITE_FILE_NAME))).toBe(1);
    } finally {
      await store.close();
    }
    const again = await createSqliteStore({ dataDir }); // released on close
    await again.close();
  }, 15_000);

  it('a lock file that cannot be taken (here a directory in its place) is named, with the fix', async () => {
    const dataDir = path.join(root, 'lock-blocked');
    await (await import('node:fs/promises')).mkdir(path.join(dataDir, `${SQLITE_FILE_NAME}.owner`), {
      recursive: true,
    });
    await expect(createSqliteStore({ dataDir })).rejects.toThrow(
      /Cannot take the lock file .*switchboard\.sqlite\.owner[\s\S]*Fix: make sure DATA_DIR is a directory/,
    );
  });

  it('batched writes are committed when they resolve, and read back after a reopen', async () => {
    const dataDir = path.join(root, 'batched');
    const store = await createSqliteStore({ dataDir });
    const space = store.namespace('batch');
    await Promise.all(Array.from({ length: 600 }, (_, i) => space.set(`k${i}`, { i })));
    await space.set('gone', 'x');
    await Promise.all([space.delete('gone'), space.set('k0', { i: 'last' })]);
    expect(await space.add('k1', 'no')).toBe(false);
    expect(await space.add('new', 'yes', 60_000)).toBe(true);
    await store.close();
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    expect(await countRows(file)).toBe(601);
    const reopened = await createSqliteStore({ dataDir });
    try {
      const again = reopened.namespace('batch');
      expect(await again.get('k0')).toEqual({ i: 'last' });
      expect(await again.get('k599')).toEqual({ i: 599 });
      expect(await again.get('gone')).toBeUndefined();
      expect(await again.get('new')).toBe('yes');
      expect(await again.add('new', 'twice')).toBe(false);
      expect(await again.add('k600', 'first')).toBe(true);
    } finally {
      await reopened.close();
    }
  });

  it('runs every statement on a kept prepared one: writing and reading again prepares nothing new', async () => {
    const store = await createSqliteStore({ dataDir: path.join(root, 'kept'), exclusive: false });
    const prepare = vi.spyOn(sqlite3.Database.prototype, 'prepare');
    const finalize = vi.spyOn(sqlite3.Statement.prototype, 'finalize');
    try {
      const space = store.namespace('kept');
      for (let i = 0; i < 5; i++) {
        await space.set(`k${i}`, { i });
        expect(await space.get(`k${i}`)).toEqual({ i });
        await store.atomic.counters.add([{ key: 'kept-counter' }], 1);
      }
      expect(await store.atomic.counters.read(['kept-counter'])).toEqual([5]);
      const distinct = new Set(prepare.mock.calls.map(([sql]) => sql));
      expect(distinct.size).toBeGreaterThan(0);
      expect(prepare.mock.calls.length).toBe(distinct.size); // each statement prepared once
      expect(finalize).not.toHaveBeenCalled(); // never sqlite3's prepare-run-finalize per query
    } finally {
      vi.restoreAllMocks();
      await store.close();
    }
  });

  it('with a commit interval, a namespace that is not durable is answered before its commit; a durable write takes it along', async () => {
    const dataDir = path.join(root, 'group-commit');
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    const store = await createSqliteStore({ dataDir, commitIntervalMs: 60_000 });
    const loose = store.namespace('claims', { durable: false });
    const kept = store.namespace('kept');
    await loose.set('first', 1); // after a quiet spell: goes at the end of the turn
    // a durable write joins the same batch and resolves once it is committed, 'first' with it (a read
    // answered from memory is no turn at all: measuring then raced the commit)
    await kept.set('anchor', 1);
    const before = await countRows(file);
    for (let i = 0; i < 5; i++) await loose.set(`k${i}`, i); // held back by the interval, yet answered
    expect(await loose.get('k4')).toBe(4);
    expect(await loose.add('k4', 'again')).toBe(false);
    expect(await countRows(file)).toBe(before);
    await kept.set('durable', true); // resolves once committed, with the five held ones
    expect(await countRows(file)).toBe(before + 6);
    await loose.set('last', 1);
    await store.close(); // commits what is still held
    expect(await countRows(file)).toBe(before + 7);
  });

  it('fails at startup when the data directory cannot be created', async () => {
    const blocker = path.join(root, 'a-file');
    await (await import('node:fs/promises')).writeFile(blocker, 'x');
    await expect(createStateStore({ dataDir: path.join(blocker, 'data') })).rejects.toThrow();
  });
});
