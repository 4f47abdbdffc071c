/** `npm start`'s entry point run as a real process: config problems are reported with fix-its; a valid config starts. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];

function run(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-main-'));
  dirs.push(cwd);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS)_/.test(k)),
  );
  return spawnSync(tsx, [join(root, 'adapters', 'main.ts')], {
    cwd,
    env: { ...clean, DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'info', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('adapters/main.ts', () => {
  it('explains a missing API key and exits non-zero', () => {
    const res = run({});
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('OPENROUTER_API_KEY');
    expect(res.stderr).toContain('.env.example');
  });

  it('starts with a key, opens the SQLite store and never logs the key', () => {
    const key = 'sk-or-v1-main-start-secret-0123456789';
    const res = run({ OPENROUTER_API_KEY: key });
    expect(res.status).toBe(0);
    // terminal mode: the prompt on stdout, the logs on stderr
    expect(res.stdout).toContain('Switchboard terminal');
    expect(res.stderr).toContain('"state":"sqlite"');
    expect(res.stdout + res.stderr).not.toContain(key);
  });
});
