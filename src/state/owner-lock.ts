/**
 * One Switchboard per DATA_DIR: the process that owns the SQLite state holds an exclusive SQLite lock on
 * a small file next to it (`switchboard.sqlite.owner`) for as long as it runs. The operating system
 * drops the lock when the process ends, however it ends (a restart after `kill -9` gets it at once);
 * a second process on the same directory cannot take it and stops at start with what to do. The state
 * file itself stays readable by other processes (hot backups with `VACUUM INTO`).
 */
import KeyvSqlite from '@keyv/sqlite';
import { reasonOf, StartupError } from '../common/startup.js';

export interface OwnerLock {
  release(): Promise<void>;
}

export async function holdOwnerLock(file: string, waitMs = 2_000): Promise<OwnerLock> {
  const lock = new KeyvSqlite({ uri: `sqlite://${file}`, table: 'owner', busyTimeout: waitMs });
  try {
    await lock.query('PRAGMA locking_mode=EXCLUSIVE');
    // a write takes the exclusive lock; in this locking mode it is kept until the connection closes
    await lock.query(
      'INSERT INTO owner (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ['since', String(Date.now())],
    );
  } catch (err) {
    await lock.disconnect().catch(() => undefined);
    const busy = /SQLITE_BUSY|SQLITE_LOCKED/.test(reasonOf(err));
    throw new StartupError(
      'STARTUP.SQLITE_OWNER',
      'DATA_DIR',
      busy
        ? `Another Switchboard is already using ${file.replace(/\.owner$/, '')} (its lock file ${file} is held).\nFix: stop the other process, or give this one its own DATA_DIR; several instances share state through REDIS_URL, not one SQLite file.`
        : `Cannot take the lock file ${file} (${reasonOf(err)}).\nFix: make sure DATA_DIR is a directory this user can write to.`,
      err,
    );
  }
  return { release: () => lock.disconnect() };
}
