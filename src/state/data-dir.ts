/**
 * Creates the data directory one level at a time. Node 20's recursive mkdir never returns for some
 * paths (`/proc/x` loops forever), so the recursive option is not used; every failure names DATA_DIR.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { reasonOf, StartupError } from '../common/startup.js';

function dataDirError(dir: string, err: unknown): StartupError {
  return new StartupError(
    'STARTUP.DATA_DIR',
    'DATA_DIR',
    `Cannot use the data directory DATA_DIR=${dir} (${reasonOf(err)}).\n` +
      'Fix: set DATA_DIR to a directory this user can create and write (the default is ./data), ' +
      'or set REDIS_URL to keep the state in Redis.',
    err,
  );
}

async function ensure(dir: string, original: string): Promise<void> {
  const found = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw dataDirError(original, err);
  });
  if (found?.isDirectory()) return;
  if (found) throw dataDirError(original, new Error(`${dir} exists and is not a directory`));
  const parent = path.dirname(dir);
  if (parent !== dir) await ensure(parent, original);
  await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw dataDirError(original, err);
  });
}

/** The absolute data directory, created when missing; a StartupError naming DATA_DIR when it cannot be. */
export async function ensureDataDir(dataDir: string): Promise<string> {
  const dir = path.resolve(dataDir);
  await ensure(dir, dir);
  return dir;
}
