/**
 * A Redis for tests: REDIS_URL when set (CI starts one), else a private redis-server spawned on a free
 * loopback port (no persistence) and stopped by PID, else undefined (the caller skips, or fails in CI).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface RedisFixture {
  url: string;
  source: 'env' | 'spawned';
  stop(): Promise<void>;
}

export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let output = '';
    const done = (ready: boolean) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      resolve(ready);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) done(true);
    };
    const onExit = () => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.kill(pid, 'SIGKILL');
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(pid, 'SIGTERM');
  });
}

/**
 * `fresh`: prefer a private redis-server of our own (tests that fill Redis with many processes' state
 * must not see another test file's keys), and fall back to REDIS_URL when no redis-server is installed.
 */
export async function startRedis(options: { fresh?: boolean } = {}): Promise<RedisFixture | undefined> {
  const fromEnv = process.env.REDIS_URL;
  const binary = findRedisServer();
  if (fromEnv && !(options.fresh && binary)) return { url: fromEnv, source: 'env', stop: async () => {} };
  if (!binary) return undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    if (await waitForReady(child, 10_000)) {
      child.stdout?.resume();
      return { url: `redis://127.0.0.1:${port}`, source: 'spawned', stop: () => stopChild(child) };
    }
    await stopChild(child);
  }
  throw new Error('redis-server is on PATH but did not start on a loopback port (3 attempts)');
}
