/**
 * Runs the bot as a real process (the TypeScript entry with tsx's loader, or the built JavaScript with
 * plain node) in a scratch directory, collecting its output; `until` waits for a text to appear.
 * node itself runs the bot, never the tsx CLI (which would relay signals to a child): SIGTERM and
 * SIGKILL reach the bot.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface BotProcess {
  child: ChildProcess;
  cwd: string;
  /** Waits until `text` appeared `times` times (default once). */
  until(text: string, ms?: number, times?: number): Promise<void>;
  output(): string;
  /** stdout alone (what the terminal shows). */
  stdout(): string;
  /** The JSON log lines printed so far. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

const started: Array<{ child: ChildProcess; cwd?: string }> = [];

/** Kills what is still running and removes the scratch directories (afterEach). */
export function cleanUpBots(): void {
  for (const { child, cwd } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * Bots started one after another on one scratch directory, so a restart finds the state the killed one
 * left (its DATA_DIR); the bots and the directory are removed after the file's tests.
 */
export function botsOnOneDataDir(prefix: string): {
  start(env: Record<string, string>): BotProcess;
  readonly dataDir: string;
} {
  let cwd = '';
  beforeAll(() => {
    cwd = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    cleanUpBots();
    rmSync(cwd, { recursive: true, force: true });
  });
  return {
    start: (env) => startBot(env, { cwd }),
    get dataDir() {
      return join(cwd, 'data');
    },
  };
}

/**
 * `npm start` as the package.json of the checkout in `dir` gives it (`node <flags> dist/adapters/main.js`): its
 * words after `node`, the script as a path in `dir` (the side-by-side benches run their baseline checkout so).
 */
export function productionStart(dir = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...rest] = pkg.scripts.start.split(/\s+/).filter(Boolean);
  if (node !== 'node') throw new Error(`npm start must run node directly: ${pkg.scripts.start}`);
  return rest.map((word) => (word.startsWith('--') ? word : join(dir, word)));
}

export function startBot(
  env: Record<string, string>,
  opts: { built?: boolean; cwd?: string } = {},
): BotProcess {
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'sb-bot-'));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS|OPS|VIDEO)_/.test(k)),
  );
  const [cmd, args] = opts.built
    ? [process.execPath, productionStart()]
    : [process.execPath, ['--import', import.meta.resolve('tsx'), join(ROOT, 'adapters', 'main.ts')]];
  const child = spawn(cmd, args, {
    cwd,
    env: { ...clean, DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'info', ...env },
  });
  started.push({ child, ...(opts.cwd ? {} : { cwd }) });
  let out = '';
  let stdout = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    collect(chunk);
  });
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = (text: string, ms = 20_000, times = 1) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no "${text}" (×${times}) within ${ms} ms; output:\n${out}`));
      }, ms);
      const check = () => {
        // a stderr line may land inside a stdout line in `out`: count in stdout alone too
        if (Math.max(out.split(text).length, stdout.split(text).length) - 1 < times) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const logs = () =>
    out.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return { child, cwd, until, output: () => out, stdout: () => stdout, logs, exited };
}

/** The ops port the bot logged ("ops endpoints listening"). */
export async function opsPort(bot: BotProcess): Promise<number> {
  await bot.until('ops endpoints listening');
  const line = bot.logs().find((l) => l.msg === 'ops endpoints listening');
  return Number(line?.port);
}

/** One Prometheus sample: `series` is the name, `labels` must all match; the sum when several do. */
export function sample(text: string, series: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(series)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== series) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total += Number(m[3]);
  }
  return total;
}
