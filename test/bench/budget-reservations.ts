/**
 * Budget reservations under load: `npm run bench:budget` (Redis from REDIS_URL, or a spawned redis-server).
 * 1. Overspend factor: N requests at once against a budget that fits K of them, each settling at its full
 *    estimate (the worst case). Factor = spent / limit; it must be 1.00 (never above). For contrast, the old
 *    "read the spend, then add the cost" check is run the same way.
 * 2. Cost of one reservation (reserve + settle) on SQLite (a file) and Redis: p50 / p99 per request, one at a
 *    time and 16 at a time.
 * 3. The same with no budget applying: one atomic add on the six counters (no reservation round trip).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { createRedisStore } from '../../src/state/redis-store.js';
import { createSqliteStore } from '../../src/state/sqlite-store.js';
import type { StateStore } from '../../src/state/store.js';
import { startRedis } from '../helpers/redis.js';

const ESTIMATE = 9_900; // micro-dollars: a chat with 16,384 output tokens at $0.60 per million
const LEASE = 60_000;

async function overspend(store: StateStore, n: number, fits: number): Promise<number> {
  const key = `bench:${randomUUID()}`;
  const limit = ESTIMATE * fits;
  const { reservations } = store.atomic;
  await Promise.all(
    Array.from({ length: n }, async () => {
      const r = await reservations.reserve(ESTIMATE, [{ key, limit, ttlMs: LEASE }], LEASE);
      if (r.ok) await reservations.settle(r.reservation, ESTIMATE);
    }),
  );
  const [spent] = await store.atomic.counters.read([key]);
  return (spent ?? 0) / limit;
}

/** The old way: "already spent ≥ limit?" then spend, with the request in between. */
async function naiveOverspend(store: StateStore, n: number, fits: number): Promise<number> {
  const key = `bench:${randomUUID()}`;
  const limit = ESTIMATE * fits;
  const { counters } = store.atomic;
  await Promise.all(
    Array.from({ length: n }, async () => {
      const [spent] = await counters.read([key]);
      if ((spent ?? 0) >= limit) return;
      await new Promise((resolve) => setImmediate(resolve)); // the upstream call
      await counters.increment(key, ESTIMATE, LEASE);
    }),
  );
  const [spent] = await counters.read([key]);
  return (spent ?? 0) / limit;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * reserve + settle against six counters (user, channel, server × day, month), like a real request; with
 * `unlimited`, the one atomic add a request makes when no budget applies.
 */
async function latency(store: StateStore, total: number, concurrency: number, unlimited = false) {
  const { reservations, counters } = store.atomic;
  const prefix = `bench:${randomUUID()}`;
  const limits = ['u', 'c', 's'].flatMap((scope) =>
    ['d', 'm'].map((period) => ({ key: `${prefix}:${scope}:${period}`, limit: 1e12, ttlMs: LEASE })),
  );
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const started = performance.now();
      if (unlimited) await counters.add(limits, 1234);
      else {
        const r = await reservations.reserve(ESTIMATE, limits, LEASE);
        if (r.ok) await reservations.settle(r.reservation, 1234);
      }
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const redis = await startRedis();
const dir = await mkdtemp(path.join(tmpdir(), 'sb-bench-budget-'));
const stores: Array<[string, StateStore]> = [
  ['memory', createMemoryStore()],
  ['sqlite', await createSqliteStore({ dataDir: dir })],
];
if (redis) stores.push(['redis', await createRedisStore({ redisUrl: redis.url })]);

console.log(
  `# budget reservations — ${new Date().toISOString()} — ${cpus()[0]?.model} × ${cpus().length}, Node ${process.version}`,
);
console.log('\n## Overspend factor (spent / limit; each request settles at its full estimate)');
console.log('| store | N parallel | budget fits | reservations | old check-then-spend |');
console.log('|---|---|---|---|---|');
for (const [name, store] of stores)
  for (const [n, fits] of [
    [20, 1],
    [100, 1],
    [1000, 5],
  ] as const) {
    const factor = await overspend(store, n, fits);
    const naive = await naiveOverspend(store, n, fits);
    console.log(`| ${name} | ${n} | ${fits} | ${factor.toFixed(2)} | ${naive.toFixed(2)} |`);
  }

console.log('\n## Cost of one reservation (reserve + settle on 6 counters), ms');
console.log('| store | concurrency | requests | p50 | p99 |');
console.log('|---|---|---|---|---|');
for (const [name, store] of stores) {
  if (name === 'memory') continue;
  for (const concurrency of [1, 16]) {
    await latency(store, 200, concurrency); // warm-up
    const { p50, p99 } = await latency(store, 2000, concurrency);
    console.log(`| ${name} | ${concurrency} | 2000 | ${p50.toFixed(2)} | ${p99.toFixed(2)} |`);
  }
}

console.log('\n## No budget applies: one atomic add on 6 counters at settle, ms');
console.log('| store | concurrency | requests | p50 | p99 |');
console.log('|---|---|---|---|---|');
for (const [name, store] of stores) {
  if (name === 'memory') continue;
  for (const concurrency of [1, 16]) {
    await latency(store, 200, concurrency, true); // warm-up
    const { p50, p99 } = await latency(store, 2000, concurrency, true);
    console.log(`| ${name} | ${concurrency} | 2000 | ${p50.toFixed(2)} | ${p99.toFixed(2)} |`);
  }
}

for (const [, store] of stores) await store.close();
await rm(dir, { recursive: true, force: true });
await redis?.stop();
