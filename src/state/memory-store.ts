/** In-memory StateStore over keyv's default Map (tests, and the terminal adapter's throwaway runs). */
import { Keyv } from 'keyv';
import { KEYV_OPTIONS } from './keyv-options.js';
import { createKeyvStore, type KeyvStateStore } from './keyv-store.js';
import { createMemoryPrimitives } from './primitives/index.js';
import { isExpired } from './ttl.js';

export function createMemoryStore(options: { purgeIntervalMs?: number } = {}): KeyvStateStore {
  const map = new Map<string, string>();
  const keyv = new Keyv({ ...KEYV_OPTIONS, store: map });
  return createKeyvStore(
    {
      kind: 'memory',
      keyv,
      atomic: createMemoryPrimitives(),
      listKeys: async (prefix) => [...map.keys()].filter((key) => key.startsWith(prefix)),
      purgeExpired: async () => {
        const now = Date.now();
        for (const [key, text] of map) {
          if (isExpired(JSON.parse(text), now)) map.delete(key);
        }
      },
      close: async () => {
        map.clear();
      },
    },
    { purgeIntervalMs: options.purgeIntervalMs ?? 60_000 },
  );
}
