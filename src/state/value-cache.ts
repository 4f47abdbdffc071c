/**
 * A bounded least-recently-used copy of stored values, for a store only this process writes (SQLite):
 * each entry is the value's JSON (or "known absent") and its expiry. Reads that hit it cost a
 * JSON.parse instead of a SQL round trip; the byte and entry bounds keep memory flat however many
 * conversations pass through.
 */

export interface CachedValue {
  /** The value's JSON; undefined when the key is known to be absent. */
  json: string | undefined;
  /** Epoch ms after which the entry no longer exists; undefined = never. */
  expires: number | undefined;
}

export interface ValueCache {
  /** The entry, or undefined when unknown (never cached, evicted, or expired). */
  get(rawKey: string, now?: number): CachedValue | undefined;
  set(rawKey: string, entry: CachedValue): void;
  /** Forget the key (its state is unknown again). */
  forget(rawKey: string): void;
  forgetPrefix(prefix: string): void;
  readonly size: number;
  readonly bytes: number;
}

export interface ValueCacheLimits {
  maxBytes: number;
  maxEntries: number;
}

/** Map overhead and the key, roughly, per entry (strings count two bytes a character). */
const ENTRY_OVERHEAD = 96;
const sizeOf = (rawKey: string, entry: CachedValue) =>
  ENTRY_OVERHEAD + 2 * (rawKey.length + (entry.json?.length ?? 0));

export function createValueCache(limits: ValueCacheLimits): ValueCache {
  const map = new Map<string, CachedValue>();
  let bytes = 0;
  const drop = (rawKey: string) => {
    const old = map.get(rawKey);
    if (!old) return;
    map.delete(rawKey);
    bytes -= sizeOf(rawKey, old);
  };
  const evict = () => {
    for (const rawKey of map.keys()) {
      if (bytes <= limits.maxBytes && map.size <= limits.maxEntries) return;
      drop(rawKey);
    }
  };
  return {
    get(rawKey, now = Date.now()) {
      const entry = map.get(rawKey);
      if (!entry) return undefined;
      if (entry.expires !== undefined && entry.expires < now) {
        drop(rawKey);
        return undefined;
      }
      // most recently used last: re-insert
      map.delete(rawKey);
      map.set(rawKey, entry);
      return entry;
    },
    set(rawKey, entry) {
      drop(rawKey);
      const size = sizeOf(rawKey, entry);
      if (size > limits.maxBytes / 4) return; // a huge value is read from the store when needed
      map.set(rawKey, entry);
      bytes += size;
      evict();
    },
    forget: drop,
    forgetPrefix(prefix) {
      for (const rawKey of [...map.keys()]) if (rawKey.startsWith(prefix)) drop(rawKey);
    },
    get size() {
      return map.size;
    },
    get bytes() {
      return bytes;
    },
  };
}
