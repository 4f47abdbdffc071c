/**
 * A bot under test in a process of its own, for the side-by-side benchmarks: Switchboard as
 * `npm start` runs it (the production build, dist/adapters/main.js on plain node with the node flags of
 * package.json's start script, SQLite state in a
 * temporary DATA_DIR, info logs to /dev/null) or a bare bot from this folder, compiled the same way
 * (tsconfig.bench.json → dist/bench): neither pays for a TypeScript loader at run time. Its CPU time
 * and RSS are read from outside (/proc/<pid>/stat and /status), the same way for both.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productionStart } from '../e2e/bot-process.js';

export type Kind = 'bare' | 'switchboard';

export interface BotProc {
  kind: Kind;
  pid: number;
  /** User + system CPU time of the process so far, ms (clock ticks of 10 ms). */
  cpuMs(): number;
  rssMb(): number;
  /** A full garbage collection in the bot (collect-garbage.mjs); resolves when it is done. */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

const TICK_MS = 10; // CLK_TCK is 100 on Linux

export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** A free loopback port (for a bot's HTTP receiver). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const root = here('../../');

const tsc = join(root, 'node_modules', '.bin', 'tsc');

/**
 * Compiles both sides as they run: Switchboard's production build (`npm run build`) and the bare bots, or
 * Switchboard at BENCH_BASELINE (see buildBaseline).
 */
export function buildBots(): void {
  for (const project of ['tsconfig.build.json', 'tsconfig.bench.json'])
    execFileSync(tsc, ['-p', project], { cwd: root, stdio: 'inherit' });
  buildBaseline();
}

/**
 * BENCH_BASELINE=<git ref>: the bare bot's place is taken by Switchboard as it was at that commit, so a
 * change is measured against the code before it, in one run, round by round (the machine's drift moves
 * both alike). It is built in a temporary git worktree sharing this node_modules.
 */
const BASELINE = process.env.BENCH_BASELINE || undefined;
let baselineDir: string | undefined;

/** Checks out and builds BASELINE (nothing without it). */
function buildBaseline(): void {
  if (!BASELINE) return;
  baselineDir = mkdtempSync(join(tmpdir(), 'sb-baseline-'));
  execFileSync('git', ['worktree', 'add', '--detach', baselineDir, BASELINE], {
    cwd: root,
    stdio: 'inherit',
  });
  symlinkSync(join(root, 'node_modules'), join(baselineDir, 'node_modules'));
  execFileSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: baselineDir, stdio: 'inherit' });
}

export function removeBaseline(): void {
  if (!baselineDir) return;
  execFileSync('git', ['worktree', 'remove', '--force', baselineDir], { cwd: root, stdio: 'inherit' });
  baselineDir = undefined;
}

/** What the `bare` side is in this run: the bare bot, or Switchboard at BASELINE. */
export const bareLabel = (bare: string) => (BASELINE ? `Switchboard at ${BASELINE}` : bare);

/** Whether a side is a bare bot (with BENCH_BASELINE both sides are Switchboard). */
export const isBareBot = (kind: Kind) => kind === 'bare' && !BASELINE;

/**
 * How a side is started: Switchboard as its checkout's `npm start` gives it (package.json's start script: the
 * node flags and dist/adapters/main.js, of this checkout or BENCH_BASELINE's), a bare bot from dist/bench.
 */
function commandOf(
  kind: Kind,
  bareScript: string,
): { switchboard: boolean; flags: string[]; script: string } {
  const checkout = kind === 'switchboard' ? root : baselineDir;
  if (!checkout) {
    const script = join(root, 'dist', 'bench', bareScript.replace(/^\.\//, '').replace(/\.ts$/, '.js'));
    return { switchboard: false, flags: [], script };
  }
  const words = productionStart(checkout);
  const script = words.find((word) => !word.startsWith('--'));
  if (!script) throw new Error(`no script in the start command of ${checkout}`);
  return { switchboard: true, flags: words.filter((word) => word.startsWith('--')), script };
}

/** Starts a bot; `env` is all it gets besides PATH and HOME (no REDIS_URL leaking in from the shell). */
export function launch(kind: Kind, env: Record<string, string>, bareScript: string): BotProc {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-bench-'));
  const start = commandOf(kind, bareScript);
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each bot process (written when it exits on SIGTERM)
  const prof = process.env.BENCH_CPU_PROF;
  const flags = prof ? ['--cpu-prof', `--cpu-prof-dir=${join(prof, `${kind}-${Date.now()}`)}`] : [];
  // BENCH_CPU_PROF_INTERVAL=<µs>: a finer sampling interval than V8's 1 ms (short phases such as a burst's acks)
  if (prof && process.env.BENCH_CPU_PROF_INTERVAL)
    flags.push(`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL}`);
  const preload = ['--expose-gc', '--import', here('./collect-garbage.mjs')];
  const child: ChildProcess = spawn(process.execPath, [...preload, ...start.flags, ...flags, start.script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(start.switchboard ? { DATA_DIR: dataDir, LOG_LEVEL: 'info' } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pid = child.pid as number;
  return {
    kind,
    pid,
    cpuMs: () => cpuMsOf(pid),
    rssMb: () => rssMbOf(pid),
    async collectGarbage() {
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(new Error(`${kind} did not collect its garbage within 10 s`));
        }, 10_000);
        const onMessage = (message: { op?: string }) => {
          if (message?.op !== 'gc-done') return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve();
        };
        child.on('message', onMessage);
      });
      child.send({ op: 'gc' });
      await done;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill(prof ? 'SIGTERM' : 'SIGKILL');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once something accepts connections on the port (a bot's HTTP receiver is up). */
export async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
