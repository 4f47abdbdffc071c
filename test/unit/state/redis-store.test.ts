import { afterAll, describe, expect, it } from 'vitest';
import { createStateStore } from '../../../src/state/create-state-store.js';
import { startRedis } from '../../helpers/redis.js';
import { runStoreContract } from './store-contract.js';

const redis = await startRedis();
afterAll(async () => {
  await redis?.stop();
});

if (!redis) {
  if (process.env.CI) {
    describe('Redis state store', () => {
      it('needs Redis in CI', () => {
        expect.fail(
          'CI is set but neither REDIS_URL nor a redis-server binary is available (.ci/run starts one)',
        );
      });
    });
  } else {
    console.warn(
      '[redis-store.test] No REDIS_URL and no redis-server on PATH: skipping the Redis contract suite.',
    );
  }
}

describe.skipIf(!redis)('Redis state store', () => {
  const url = redis?.url ?? '';
  runStoreContract('redis', () => createStateStore({ dataDir: '/nonexistent-unused', redisUrl: url }), {
    kind: 'redis',
    persistent: true,
  });

  it('gives up at startup after the bounded tries, naming REDIS_URL', async () => {
    await expect(
      createStateStore({ dataDir: '/unused', redisUrl: 'redis://127.0.0.1:1' }, { startupAttempts: 2 }),
    ).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1 after 2 tries \(.*ECONNREFUSED/);
  });
});
