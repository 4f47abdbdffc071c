/**
 * A namespace for a store only this process writes (the SQLite file): reads are served from a bounded
 * copy of the values (including "known absent"), writes update that copy at once and go to the file in
 * one statement per event-loop turn (see write-behind.ts). An awaited write is committed, as before;
 * a read never waits for the disk once a key has been seen. Several processes on one SQLite file are
 * not supported (they need Redis), which is what makes the copy authoritative.
 */
import type { KeyIndex } from './key-index.js';
import type { Namespace } from './store.js';
import { normalizeTtl } from './ttl.js';
import type { ValueCache } from './value-cache.js';
import type { WriteBehind } from './write-behind.js';

export interface CachedNamespaceDeps {
  cache: ValueCache;
  writes: WriteBehind;
  /** Which keys exist at all (a key it does not hold is absent without a read). */
  index: KeyIndex;
  /** Reads a stored envelope from the store: `{ value, expires }`, or undefined. */
  readRaw(rawKey: string): Promise<{ value?: unknown; expires?: number | null } | undefined>;
  /** Atomic set-if-absent in the store (for keys whose state is not known here). */
  setIfAbsent(rawKey: string, serialized: string, ttlMs: number | undefined): Promise<boolean>;
  /** Bounds a store round trip (the state timeout). */
  bounded<T>(work: Promise<T>): Promise<T>;
  /** The uncached parts (listing and clearing go to the store after pending writes are committed). */
  base: Pick<Namespace, 'entries' | 'clear'>;
}

const envelope = (json: string, expires: number | undefined) =>
  expires === undefined ? `{"value":${json}}` : `{"value":${json},"expires":${expires}}`;

export function createCachedNamespace(
  prefix: string,
  raw: (key: string) => string,
  deps: CachedNamespaceDeps,
): Namespace {
  const { cache, writes, bounded, index } = deps;
  const parse = <T>(json: string | undefined) => (json === undefined ? undefined : (JSON.parse(json) as T));

  async function get<T>(key: string): Promise<T | undefined> {
    const rawKey = raw(key);
    const hit = cache.get(rawKey);
    if (hit) return parse<T>(hit.json);
    const queued = writes.pending(rawKey);
    if (queued) return queued.kind === 'put' ? (JSON.parse(queued.serialized).value as T) : undefined;
    if (!index.mayHave(rawKey)) {
      cache.set(rawKey, { json: undefined, expires: undefined });
      return undefined;
    }
    const stored = await bounded(deps.readRaw(rawKey));
    const newer = cache.get(rawKey); // written while we read: that is the value now
    if (newer) return parse<T>(newer.json);
    const json = stored?.value === undefined ? undefined : JSON.stringify(stored.value);
    cache.set(rawKey, { json, expires: stored?.expires ?? undefined });
    return parse<T>(json);
  }

  function write<T>(rawKey: string, value: T, ttlMs: number | undefined): Promise<void> {
    const ttl = normalizeTtl(ttlMs);
    const expires = ttl === undefined ? undefined : Date.now() + ttl;
    const json = JSON.stringify(value) ?? 'null';
    cache.set(rawKey, { json, expires });
    index.added(rawKey);
    return bounded(writes.put(rawKey, envelope(json, expires)));
  }

  const known = (rawKey: string): 'present' | 'absent' | undefined => {
    const hit = cache.get(rawKey);
    if (hit) return hit.json === undefined ? 'absent' : 'present';
    const queued = writes.pending(rawKey);
    if (queued) return queued.kind === 'put' ? 'present' : 'absent';
    return index.mayHave(rawKey) ? undefined : 'absent';
  };

  return {
    get,
    set: async (key, value, ttlMs) => write(raw(key), value, ttlMs),
    has: async (key) => (await get(key)) !== undefined,
    async delete(key) {
      const existed = (await get(key)) !== undefined;
      const rawKey = raw(key);
      cache.set(rawKey, { json: undefined, expires: undefined });
      index.removed(rawKey);
      await bounded(writes.remove(rawKey));
      return existed;
    },
    async add(key, value, ttlMs) {
      const rawKey = raw(key);
      const state = known(rawKey);
      if (state === 'present') return false;
      if (state === 'absent') {
        await write(rawKey, value, ttlMs);
        return true;
      }
      const ttl = normalizeTtl(ttlMs);
      const expires = ttl === undefined ? undefined : Date.now() + ttl;
      const json = JSON.stringify(value) ?? 'null';
      const stored = await bounded(deps.setIfAbsent(rawKey, envelope(json, expires), ttl));
      if (stored) {
        cache.set(rawKey, { json, expires });
        index.added(rawKey);
      } else cache.forget(rawKey);
      return stored;
    },
    async *entries<T>(): AsyncIterable<[string, T]> {
      await writes.drain();
      yield* deps.base.entries<T>();
    },
    async clear() {
      await writes.drain();
      await deps.base.clear();
      cache.forgetPrefix(prefix);
    },
  };
}
