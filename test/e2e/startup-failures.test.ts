/**
 * `npm start`'s entry point as a real process against broken surroundings: a rejected Slack or
 * Discord token, an unreachable Slack API or Redis, an unusable DATA_DIR or SQLite file. Each exits
 * non-zero, in bounded time, with a message naming the variable to check and the fix.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/state/sqlite-store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const KEY = 'sk-or-v1-startup-failures-0123456789abcdef';
const dirs: string[] = [];
let slack: FakeSlack;
let discord: FakeDiscord;

/** Runs the entry point (async: the fakes live in this process and must keep answering). */
function run(env: Record<string, string>): Promise<{ status: number | null; out: string; ms: number }> {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-startup-'));
  dirs.push(cwd);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS)_/.test(k)),
  );
  const started = Date.now();
  const child = spawn(tsx, [join(root, 'adapters', 'main.ts')], {
    cwd,
    env: {
      ...clean,
      DATA_DIR: join(cwd, 'data'),
      LOG_LEVEL: 'warn',
      OPENROUTER_API_KEY: KEY,
      OPENROUTER_BASE_URL: 'http://127.0.0.1:9/api/v1',
      STARTUP_ATTEMPTS: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    out += String(d);
  });
  return new Promise((resolve) => {
    child.on('close', (status) => resolve({ status, out, ms: Date.now() - started }));
  });
}

beforeAll(async () => {
  slack = await startFakeSlack();
  discord = await startFakeDiscord();
});
afterAll(async () => {
  await slack.close();
  await discord.close();
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('start-up failures say what to fix', { timeout: 40_000 }, () => {
  it('a Slack bot token that Slack rejects (invalid_auth) exits naming SLACK_BOT_TOKEN', async () => {
    const wrong = 'xoxb-9999-8888-wrongtoken';
    const res = await run({
      SLACK_BOT_TOKEN: wrong,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: '0',
    });
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/Slack rejected SLACK_BOT_TOKEN \(invalid_auth\)/);
    expect(res.out).toContain('OAuth & Permissions');
    expect(res.out).not.toContain(wrong);
  });

  it('a Socket Mode app token that Slack rejects exits naming SLACK_APP_TOKEN', async () => {
    const wrong = 'xapp-1-A0FAKEAPP1-9999-wrongapptoken';
    const res = await run({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: wrong,
      SLACK_API_URL: slack.apiUrl,
    });
    expect(res.status).toBe(1);
    expect(res.out).toMatch(/Slack rejected SLACK_APP_TOKEN \((invalid_auth|not_authed)\)/);
    expect(res.out).not.toContain(wrong);
  });

  it('a Discord token that Discord rejects exits naming DISCORD_TOKEN', async () => {
    const res = await run({
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gwrong.tokenwrongtokenwrongtokenwrongtok',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(res.status).toBe(1);
    expect(res.out).toContain('Discord rejected DISCORD_TOKEN');
    expect(res.out).toContain('Reset Token');
    expect(res.out).not.toContain('Gwrong');
  });

  it('an unreachable Slack API fails after the bounded tries, naming SLACK_API_URL', async () => {
    const res = await run({
      SLACK_BOT_TOKEN: 'xoxb-1-2-unreachable',
      SLACK_SIGNING_SECRET: 'some-signing-secret-value',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      SLACK_PORT: '0',
    });
    expect(res.status).toBe(1);
    expect(res.out).toMatch(
      /Cannot reach Slack's Web API at SLACK_API_URL=http:\/\/127\.0\.0\.1:9\/api\/ after 2 tries/,
    );
  });

  it('an unreachable Discord API fails after the bounded tries, naming DISCORD_API_URL', async () => {
    const res = await run({
      DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.Gunrea.chableunreachableunreachableunr',
      DISCORD_APPLICATION_ID: '100000000000000001',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(res.status).toBe(1);
    expect(res.out).toContain('Cannot reach Discord at DISCORD_API_URL=http://127.0.0.1:9/api after 2 tries');
  });

  it('an unreachable Redis fails after the bounded tries, naming REDIS_URL (password hidden)', async () => {
    const res = await run({ REDIS_URL: 'redis://:hunter2secret@127.0.0.1:9' });
    expect(res.status).toBe(1);
    expect(res.out).toContain('Cannot connect to Redis at REDIS_URL=redis://:***@127.0.0.1:9 after 2 tries');
    expect(res.out).toContain('ECONNREFUSED');
    expect(res.out).not.toContain('hunter2secret');
  });

  it('DATA_DIR=/proc/x fails at once with a clear message', async () => {
    const res = await run({ DATA_DIR: '/proc/x' });
    expect(res.status).toBe(1);
    expect(res.out).toContain('Cannot use the data directory DATA_DIR=/proc/x');
  });

  it('a SQLite file that cannot be opened is named, with the likely fix', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-sqlite-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, 'switchboard.sqlite'));
    const res = await run({ DATA_DIR: dataDir });
    expect(res.status).toBe(1);
    expect(res.out).toContain(`Cannot open the SQLite database ${join(dataDir, 'switchboard.sqlite')}`);
    expect(res.out).toContain('not a directory');
  });

  it('a second Switchboard on the same DATA_DIR stops at start instead of answering twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-owned-'));
    dirs.push(dataDir);
    const first = await createSqliteStore({ dataDir }); // the running instance
    try {
      const res = await run({ DATA_DIR: dataDir });
      expect(res.status).toBe(1);
      expect(res.out).toContain(
        `Another Switchboard is already using ${join(dataDir, 'switchboard.sqlite')}`,
      );
      expect(res.out).toContain('DATA_DIR');
    } finally {
      await first.close();
    }
  });
});
