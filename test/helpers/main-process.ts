/**
 * `npm start` (adapters/main.ts) as a real process: node itself with tsx's loader, not the tsx CLI
 * (which would relay signals to a child), so SIGTERM and SIGKILL reach the bot. Its environment is
 * this process's without any OPENROUTER_/DISCORD_/SLACK_/REDIS_/VIDEO_ variable, plus `env`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface MainProcess {
  child: ChildProcess;
  /** Resolves once stdout or stderr has shown `text`; rejects after `ms` with all output. */
  until(text: string, ms?: number): Promise<void>;
  /** stdout and stderr as they came. */
  output(): string;
  stdout(): string;
}

export function spawnMain(cwd: string, env: Record<string, string>): MainProcess {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS|VIDEO)_/.test(k)),
  );
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(root, 'adapters', 'main.ts')],
    {
      cwd,
      env: { ...clean, ...env },
    },
  );
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
  const until = (text: string, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms; output:\n${out}`)), ms);
      const check = () => {
        // stderr lines may land inside a stdout line in `out`: look at stdout alone too
        if (!out.includes(text) && !stdout.includes(text)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { child, until, output: () => out, stdout: () => stdout };
}
