/** The few Redis commands the primitives use, over a node-redis client; scripts go by EVALSHA after the first call. */
import { createHash } from 'node:crypto';
import type { RedisCommands } from './index.js';

/** The subset of the node-redis client used here (kept structural so tests can pass any connected client). */
export interface RedisLike {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { condition: 'NX'; expiration: { type: 'PX'; value: number } },
  ): Promise<unknown>;
  get(key: string): Promise<string | null>;
  mGet(keys: string[]): Promise<Array<string | null>>;
}

export function createRedisCommands(client: RedisLike): RedisCommands {
  const shas = new Map<string, string>();
  return {
    async evaluate(script, keys, args) {
      let sha = shas.get(script);
      if (!sha) {
        sha = createHash('sha1').update(script).digest('hex');
        shas.set(script, sha);
      }
      try {
        return await client.evalSha(sha, { keys, arguments: args });
      } catch (error) {
        if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error;
        return client.eval(script, { keys, arguments: args });
      }
    },
    async setNx(key, value, ttlMs) {
      const reply = await client.set(key, value, {
        condition: 'NX',
        expiration: { type: 'PX', value: ttlMs },
      });
      return reply === 'OK';
    },
    get: (key) => client.get(key),
    mget: (keys) => client.mGet(keys),
  };
}
