/**
 * What can be checked of the container set-up without a Docker engine: the files exist, every
 * variable they set is one the config schema knows, they run the production start with node under
 * an init, as a non-root user, the healthcheck path is served by the ops endpoints, Redis is set up
 * for the job queue, and the base image matches `engines`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../../src/config/load-config.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { startOpsServer } from '../../../src/ops/ops-server.js';
import { createReadiness } from '../../../src/ops/readiness.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';

const root = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const dockerfile = read('Dockerfile');
const compose = read('compose.yaml');
const pkg = JSON.parse(read('package.json')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
/** Dockerfile lines with their `\` continuations joined. */
const instructions = dockerfile.replace(/\\\n\s*/g, ' ').split('\n');
const instruction = (name: string) => instructions.filter((l) => l.startsWith(`${name} `));

describe('Dockerfile', () => {
  it('sets only variables the config schema knows', () => {
    const set = instruction('ENV').flatMap((l) =>
      [...l.slice(4).matchAll(/([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1] as string),
    );
    expect(set.length).toBeGreaterThan(0);
    // besides the bot's own settings, only the runtime's: glibc's arena cap for sharp's threads
    const runtime = ['MALLOC_ARENA_MAX'];
    expect(set.filter((key) => !CONFIG_KEYS.includes(key as never) && !runtime.includes(key))).toEqual([]);
  });

  it('runs the production start with node directly, under tini, as a non-root user', () => {
    const cmd = JSON.parse(instruction('CMD').at(-1)?.slice(4) ?? '[]') as string[];
    expect(cmd.join(' ')).toBe(pkg.scripts.start);
    expect(cmd[0]).toBe('node');
    expect(pkg.scripts.start).not.toContain('tsx');
    expect(JSON.parse(instruction('ENTRYPOINT').at(-1)?.slice(11) ?? '[]')).toEqual(['/usr/bin/tini', '--']);
    expect(dockerfile).toMatch(/apt-get install[^\n]*\btini\b/);
    expect(dockerfile).toMatch(/apt-get install[^\n]*\bffmpeg\b/);
    expect(instruction('USER').at(-1)).toBe('USER node');
  });

  it('keeps the data in a volume at DATA_DIR', () => {
    const dataDir = /DATA_DIR=(\S+)/.exec(instruction('ENV').join(' '))?.[1];
    expect(instruction('VOLUME').at(-1)).toBe(`VOLUME ["${dataDir}"]`);
  });

  it('builds on the Node version engines asks for', () => {
    const version = /ARG NODE_VERSION=(\d+)\.(\d+)/.exec(dockerfile);
    const wanted = /^>=(\d+)\.(\d+)/.exec(pkg.engines.node);
    expect(version && wanted).toBeTruthy();
    const [major, minor] = [Number(version?.[1]), Number(version?.[2])];
    expect(major).toBe(Number(wanted?.[1]));
    expect(minor).toBeGreaterThanOrEqual(Number(wanted?.[2]));
    for (const from of instruction('FROM')) expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-slim\b/);
  });

  it('checks health at a path the ops endpoints serve', async () => {
    const check = instruction('HEALTHCHECK').at(-1) ?? '';
    const path = /127\.0\.0\.1:' \+ process\.env\.OPS_PORT \+ '(\/\w+)'/.exec(check)?.[1];
    expect(path).toBe('/livez');
    const ops = await startOpsServer(
      { port: 0, host: '127.0.0.1' },
      {
        metrics: createMetrics({ processMetrics: false }),
        readiness: createReadiness({}, { store: createMemoryStore() }),
        logger: pino({ level: 'silent' }),
      },
    );
    try {
      expect((await fetch(`http://127.0.0.1:${ops.port}${path}`)).status).toBe(200);
    } finally {
      await ops.close();
    }
  });
});

describe('compose.yaml', () => {
  it('sets only variables the config schema knows', () => {
    const keys = [...compose.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
    expect(keys).toContain('REDIS_URL');
    expect(keys.filter((key) => !CONFIG_KEYS.includes(key as never))).toEqual([]);
  });

  it('runs two bot instances from the image (its production start) next to Redis set up for a job queue', () => {
    expect(compose).toMatch(/^ {2}bot-1:/m);
    expect(compose).toMatch(/^ {2}bot-2:\n {4}<<: \*bot/m);
    expect(compose).not.toMatch(/^\s+(command|entrypoint):.*(tsx|npm)/m);
    const redis = /command:\s*\[("redis-server".*)\]/.exec(compose)?.[1] ?? '';
    expect(redis).toContain('"--maxmemory-policy", "noeviction"');
    expect(redis).toContain('"--appendonly", "yes"');
    expect(compose).toMatch(/REDIS_URL: "redis:\/\/redis:6379"/);
    const grace = Number(/stop_grace_period: (\d+)s/.exec(compose)?.[1]);
    const drain = Number(/SHUTDOWN_TIMEOUT_MS: "(\d+)"/.exec(compose)?.[1]);
    expect(grace * 1000).toBeGreaterThan(drain);
  });
});
