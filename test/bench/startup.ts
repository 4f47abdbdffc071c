/**
 * Start-up time and idle memory of the bot as it runs in production (`node dist/adapters/main.js`)
 * and as `npm start` ran it before (`tsx adapters/main.ts`), serving Discord and Slack against the
 * fakes (in this process; the bot is a child). Time to ready: from spawn to the first 200 of
 * /readyz. Idle RSS: 5 s after ready, the bot process alone (its /metrics) and the whole process
 * tree (tsx runs the bot in a second node process). Median of RUNS runs each.
 * Run: `npm run build && npm run bench:startup`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '../fakes/discord.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import { startFakeSlack } from '../fakes/slack.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.RUNS ?? 5);
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const VARIANTS: Record<string, [string, string[]]> = {
  'tsx adapters/main.ts (before)': [
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'adapters', 'main.ts')],
  ],
  'node dist/adapters/main.js (after)': [process.execPath, [join(ROOT, 'dist', 'adapters', 'main.js')]],
};

function treeRss(pid: number): number {
  const status = (p: number) => {
    try {
      return readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      return '';
    }
  };
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status(pid))?.[1] ?? 0) * 1024;
  const children = readdirSync(`/proc/${pid}/task`).flatMap((t) => {
    const file = `/proc/${pid}/task/${t}/children`;
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
  });
  return rss + children.reduce((sum, c) => sum + treeRss(c), 0);
}

async function once(cmd: string, args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-startup-'));
  const started = performance.now();
  const child: ChildProcess = spawn(cmd, args, {
    cwd,
    env: { ...process.env, ...env, DATA_DIR: join(cwd, 'data') },
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  try {
    let port: number | undefined;
    while (port === undefined) {
      const line = out.split('\n').find((l) => l.includes('ops endpoints listening'));
      if (line) port = Number(JSON.parse(line).port);
      else if (child.exitCode !== null) throw new Error(`bot exited:\n${out}`);
      else await sleep(5);
    }
    for (;;) {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
      if (res?.status === 200) break;
      await sleep(10);
    }
    const readyMs = performance.now() - started;
    await sleep(5_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const botRss = Number(/^switchboard_process_resident_memory_bytes (\S+)$/m.exec(metrics)?.[1]);
    const tree = treeRss(child.pid as number);
    return { readyMs, botRss, tree };
  } finally {
    child.kill('SIGKILL');
    rmSync(cwd, { recursive: true, force: true });
  }
}

const openrouter = await startFakeOpenRouter();
const discord = await startFakeDiscord();
const slack = await startFakeSlack();
const env = {
  OPENROUTER_API_KEY: 'sk-or-v1-bench',
  OPENROUTER_BASE_URL: openrouter.baseUrl,
  DISCORD_TOKEN: discord.token,
  DISCORD_APPLICATION_ID: discord.applicationId,
  DISCORD_API_URL: discord.apiUrl,
  SLACK_BOT_TOKEN: slack.botToken,
  SLACK_APP_TOKEN: slack.appToken,
  SLACK_API_URL: slack.apiUrl,
  OPS_PORT: '0',
  OPS_HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
};
process.stdout.write(`node ${process.version}, ${RUNS} runs each (median)\n`);
process.stdout.write(
  '| how it runs | start → ready | idle RSS, bot process | idle RSS, process tree |\n|---|---|---|---|\n',
);
for (const [name, [cmd, args]] of Object.entries(VARIANTS)) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(cmd, args, env));
  const ms = median(runs.map((r) => r.readyMs));
  const bot = median(runs.map((r) => r.botRss)) / MB;
  const tree = median(runs.map((r) => r.tree)) / MB;
  process.stdout.write(
    `| \`${name}\` | ${Math.round(ms)} ms | ${bot.toFixed(0)} MB | ${tree.toFixed(0)} MB |\n`,
  );
}
await Promise.all([openrouter.close(), discord.close(), slack.close()]);
