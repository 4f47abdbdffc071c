import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createRedisStore } from '../../../src/state/redis-store.js';
import { createSqliteStore } from '../../../src/state/sqlite-store.js';
import { startRedis } from '../../helpers/redis.js';
import { runPrimitivesContract } from './primitives-contract.js';

const root = await mkdtemp(path.join(tmpdir(), 'switchboard-primitives-'));
const redis = await startRedis();
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await redis?.stop();
});

runPrimitivesContract('memory', async () => {
  const store = createMemoryStore();
  return [store, store];
});

runPrimitivesContract('sqlite (two connections to one temp file)', async () => {
  const dataDir = path.join(root, 'sqlite');
  const first = await createSqliteStore({ dataDir, exclusive: false });
  return [first, await createSqliteStore({ dataDir, exclusive: false })];
});

if (redis) {
  runPrimitivesContract('redis (two connections)', async () => [
    await createRedisStore({ redisUrl: redis.url }),
    await createRedisStore({ redisUrl: redis.url }),
  ]);
} else {
  describe('atomic primitives contract: redis', () => {
    it('needs Redis (REDIS_URL or redis-server on PATH)', () => {
      expect.fail('no Redis available: set REDIS_URL to run the Redis contract');
    });
  });
}
