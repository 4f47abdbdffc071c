/**
 * A bot on the embedded SQLite store does not load what only other set-ups use: the Redis client and
 * BullMQ (REDIS_URL), Vega (spend charts) and sharp (images) are loaded the first time they are needed.
 * Each costs start-up time and resident memory (docs/performance.md).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(import.meta.dirname, 'fixtures');

function packagesLoaded(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-packages-'));
  const file = join(dir, 'resolved.txt');
  writeFileSync(file, '');
  return new Promise<string[]>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        '--import',
        join(fixtures, 'record-packages.mjs'),
        '--import',
        'tsx',
        join(fixtures, 'sqlite-start-child.ts'),
      ],
      { cwd: root, env: { ...process.env, RECORD_PACKAGES_FILE: file, REDIS_URL: '' } },
      (err, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        if (err) reject(new Error(`${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').at(-1) as string) as string[]);
      },
    );
  });
}

describe('start-up on SQLite', () => {
  it('loads the bot and both adapters without the Redis client, BullMQ, Vega or sharp', async () => {
    const loaded = await packagesLoaded();
    // the recorder sees packages: the core ones are there
    expect(loaded).toEqual(expect.arrayContaining(['discord.js', '@slack/bolt', 'sqlite3', 'zod', 'undici']));
    for (const heavy of ['bullmq', 'ioredis', '@keyv/redis', '@redis/client', 'vega', 'sharp'])
      expect(loaded, heavy).not.toContain(heavy);
  }, 60_000);
});
