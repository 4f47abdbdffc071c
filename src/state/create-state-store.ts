/** Picks the state backend from config: Redis when a URL is configured, else a SQLite file in dataDir. */
import type { KeyvStateStore } from './keyv-store.js';
import { createSqliteStore } from './sqlite-store.js';

export interface StateConfig {
  dataDir: string;
  redisUrl?: string;
  /** The longest one read or write may take. */
  timeoutMs?: number;
  /** SQLite: least time between two batched commits, ms (0: each event-loop turn, writes wait for it). */
  commitIntervalMs?: number;
}

export interface StateDeps {
  /** Receives Redis connection errors after startup and failed SQLite commits (e.g. logger.error). */
  onError?: (error: unknown) => void;
  /** Redis connection tries at start (default 5). */
  startupAttempts?: number;
}

export async function createStateStore(config: StateConfig, deps: StateDeps = {}): Promise<KeyvStateStore> {
  const { timeoutMs } = config;
  if (config.redisUrl) {
    // the Redis client is loaded only by instances that use it
    const { createRedisStore } = await import('./redis-store.js');
    return createRedisStore({
      redisUrl: config.redisUrl,
      onError: deps.onError,
      timeoutMs,
      startupAttempts: deps.startupAttempts,
    });
  }
  return createSqliteStore({
    dataDir: config.dataDir,
    timeoutMs,
    commitIntervalMs: config.commitIntervalMs,
    onWriteFailed: (err) => deps.onError?.(err),
  });
}
