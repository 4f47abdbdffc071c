/**
 * StateStore on Redis via @keyv/redis (REDIS_URL set: several bot instances share state).
 * Redis expires keys itself (keyv passes the TTL as PX); `add` is an atomic SET NX so dedup and
 * claims hold across processes.
 */
import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { printableUrl, reasonOf, StartupError, startupDelay } from '../common/startup.js';
import { KEYV_OPTIONS } from './keyv-options.js';
import { createKeyvStore, type KeyvStateStore } from './keyv-store.js';
import { createRedisPrimitives } from './primitives/index.js';
import { createRedisCommands, type RedisLike } from './primitives/redis-commands.js';
import { withStateTimeout } from './state-timeout.js';

export interface RedisStoreOptions {
  redisUrl: string;
  connectTimeoutMs?: number;
  /** Connection tries at start before giving up with a message naming REDIS_URL (default 5). */
  startupAttempts?: number;
  /** The longest one read or write may take (default none). */
  timeoutMs?: number;
  /** Called with connection errors after startup (the client reconnects by itself). */
  onError?: (error: unknown) => void;
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

export async function createRedisStore(options: RedisStoreOptions): Promise<KeyvStateStore> {
  let connected = false;
  const attempts = options.startupAttempts ?? 5;
  const client = createClient({
    url: options.redisUrl,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 5000,
      // A few tries at startup, then give up; once connected, reconnect with capped backoff.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected
          ? Math.min(100 * 2 ** retries, 2000)
          : retries + 1 < attempts
            ? startupDelay(retries + 1)
            : cause,
    },
  });
  client.on('error', (error: unknown) => {
    if (connected) options.onError?.(error);
  });
  await client.connect().catch((err: unknown) => {
    try {
      client.destroy();
    } catch {
      // already closed by the failed connect
    }
    throw new StartupError(
      'STARTUP.REDIS',
      'REDIS_URL',
      `Cannot connect to Redis at REDIS_URL=${printableUrl(options.redisUrl)} after ${attempts} tries (${reasonOf(err)}).\n` +
        'Fix: start Redis or correct REDIS_URL (host, port, password), or leave REDIS_URL unset to keep the state in SQLite in DATA_DIR.',
      err,
    );
  });
  connected = true;

  const adapter = new KeyvRedis(client, { throwOnErrors: true });
  const keyv = new Keyv({ ...KEYV_OPTIONS, store: adapter });

  return createKeyvStore(
    {
      kind: 'redis',
      keyv,
      atomic: createRedisPrimitives(createRedisCommands(client as unknown as RedisLike), 'switchboard:'),
      listKeys: async (prefix) => {
        const keys = new Set<string>();
        for await (const page of client.scanIterator({ MATCH: `${globEscape(prefix)}*`, COUNT: 500 })) {
          for (const key of page) keys.add(key);
        }
        return [...keys];
      },
      setIfAbsent: async (rawKey, serialized, ttlMs) => {
        const reply = await client.set(
          rawKey,
          serialized,
          ttlMs === undefined
            ? { condition: 'NX' }
            : { condition: 'NX', expiration: { type: 'PX', value: ttlMs } },
        );
        return reply === 'OK';
      },
      close: async () => {
        connected = false;
        if (!client.isOpen) return;
        // a Redis that stopped answering never completes a graceful close: drop the socket instead
        await withStateTimeout('redis', options.timeoutMs ?? 5000, client.close()).catch(() =>
          client.destroy(),
        );
      },
    },
    { timeoutMs: options.timeoutMs },
  );
}
