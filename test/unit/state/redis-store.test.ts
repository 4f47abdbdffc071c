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

  it('fails fast at startup when Redis is unreachable', async () => {
    const started = Date.now();
    await expect(createStateStore({ dataDir: '/unused', redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
