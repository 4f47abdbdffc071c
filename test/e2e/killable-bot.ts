/**
 * The bot as a real process (`adapters/main.ts` through node + tsx, not the tsx CLI, so SIGKILL hits the bot
 * itself), with its output collected; for tests that kill it and start it again on the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface BotProcess {
  child: ChildProcess;
  until(text: string, ms?: number): Promise<void>;
  output(): string;
}

export function startBotProcess(cwd: string, env: Record<string, string>): BotProcess {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS|VIDEO)_/.test(k)),
  );
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(root, 'adapters', 'main.ts')],
    {
      cwd,
      env: { ...clean, DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'info', ...env },
    },
  );
  let out = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const until = (text: string, ms = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${text}" within ${ms} ms; output:\n${out}`)), ms);
      const check = () => {
        if (!out.includes(text)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { child, until, output: () => out };
}
