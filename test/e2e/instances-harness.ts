/**
 * Several real bot processes (`adapters/main.ts` under node + tsx) sharing one Redis, against the
 * fakes. Each instance has its own working directory and DATA_DIR; everything shared goes through Redis.
 * Logs are at debug level by default: tests count the per-answer "answer finished" line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface BotProcess {
  name: string;
  child: ChildProcess;
  /** Resolves once `text` appeared in the process output (stdout or stderr). */
  until(text: string, timeoutMs?: number): Promise<void>;
  output(): string;
  /** How many times `text` appears in the output so far. */
  count(text: string): number;
  /** Calls `listener` on every piece of output; returns the unsubscribe function. */
  onOutput(listener: () => void): () => void;
  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code once the process is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}

export interface BotFleet {
  bots: BotProcess[];
  start(name: string, env?: Record<string, string>): BotProcess;
  /** Resolves once `text` appeared `times` times in the output of all instances together. */
  untilTotal(text: string, times: number, timeoutMs?: number): Promise<void>;
  /** Output of every instance, for failure messages. */
  outputs(): string;
  close(): Promise<void>;
}

function spawnBot(name: string, env: Record<string, string>): BotProcess {
  const cwd = mkdtempSync(join(tmpdir(), `sb-${name}-`));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS|VIDEO)_/.test(k)),
  );
  // node itself (not the tsx CLI, which would relay signals to a child): SIGKILL must hit the bot
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(root, 'adapters', 'main.ts')],
    { cwd, env: { ...clean, DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'debug', ...env } },
  );
  let out = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // 'close', not 'exit': the last lines a killed process wrote may still be in its pipes at 'exit'
  const exited = once(child, 'close').then(([code]) => {
    rmSync(cwd, { recursive: true, force: true });
    return code as number | null;
  });
  const until = (text: string, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${name}: no "${text}" within ${ms} ms; output:\n${out.slice(-4000)}`));
      }, ms);
      const check = () => {
        if (!out.includes(text)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return {
    name,
    child,
    until,
    output: () => out,
    count: (text) => out.split(text).length - 1,
    onOutput(listener) {
      waiters.add(listener);
      return () => waiters.delete(listener);
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `env` goes to every instance (OpenRouter, platform credentials, REDIS_URL …). */
export function createFleet(env: Record<string, string>): BotFleet {
  const bots: BotProcess[] = [];
  return {
    bots,
    start(name, extra = {}) {
      const bot = spawnBot(name, { ...env, ...extra });
      bots.push(bot);
      return bot;
    },
    untilTotal(text, times, ms = 120_000) {
      const total = () => bots.reduce((n, b) => n + b.count(text), 0);
      return new Promise<void>((resolve, reject) => {
        const offs: Array<() => void> = [];
        const done = (err?: Error) => {
          clearTimeout(timer);
          for (const off of offs) off();
          if (err) reject(err);
          else resolve();
        };
        const timer = setTimeout(
          () => done(new Error(`"${text}" ${total()} times, not ${times}, within ${ms} ms`)),
          ms,
        );
        const check = () => {
          if (total() >= times) done();
        };
        for (const b of bots) offs.push(b.onOutput(check));
        check();
      });
    },
    outputs: () => bots.map((b) => `--- ${b.name}\n${b.output().slice(-3000)}`).join('\n'),
    async close() {
      await Promise.all(bots.map((b) => b.stop('SIGKILL')));
    },
  };
}
