import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createStateStore } from '../../../src/state/create-state-store.js';
import { createSqliteStore, SQLITE_FILE_NAME } from '../../../src/state/sqlite-store.js';
import { pollUntil, runStoreContract } from './store-contract.js';

const root = await mkdtemp(path.join(tmpdir(), 'switchboard-sqlite-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const contractDir = path.join(root, 'contract');
runStoreContract('sqlite', () => createStateStore({ dataDir: contractDir }), {
  kind: 'sqlite',
  persistent: true,
});

async function countRows(file: string): Promise<number> {
  const raw = new KeyvSqlite({ uri: `sqlite://${file}` });
  try {
    const rows = (await raw.query('SELECT count(*) AS n FROM keyv')) as Array<{ n: number }>;
    return rows[0]?.n ?? -1;
  } finally {
    await raw.disconnect();
  }
}

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

  it('physically deletes expired rows that were never read again', async () => {
    const dataDir = path.join(root, 'purge');
    const store = await createSqliteStore({ dataDir });
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

  it('fails at startup when the data directory cannot be created', async () => {
    const blocker = path.join(root, 'a-file');
    await (await import('node:fs/promises')).writeFile(blocker, 'x');
    await expect(createStateStore({ dataDir: path.join(blocker, 'data') })).rejects.toThrow();
  });
});
