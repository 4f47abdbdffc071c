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
  /**
   * Not durable (see NamespaceOptions): writes resolve once the copy has them, and go with the next batch;
   * the copy is what this process reads, and a failed commit is reported by the write-behind's owner.
   */
  commitLater?: boolean;
  /** Bounds a store round trip (the state timeout). */
  bounded<T>(work: Promise<T>): Promise<T>;
  /** The uncached parts (listing and clearing go to the store after pending writes are committed). */
  base: Pick<Namespace, 'entries' | 'clear'>;
}

const envelope = (json: string, expires: number | undefined) =>
  expires === undefined ? `{"value":${json}}` : `{"value":${json},"expires":${expires}}`;

/** A value's JSON and expiry, as cached and as stored (inside the envelope). */
function encode(value: unknown, ttl: number | undefined): { json: string; expires: number | undefined } {
  return { json: JSON.stringify(value) ?? 'null', expires: ttl === undefined ? undefined : Date.now() + ttl };
}

export function createCachedNamespace(
  prefix: string,
  raw: (key: string) => string,
  deps: CachedNamespaceDeps,
): Namespace {
  const { cache, writes, bounded, index } = deps;
  const absent = { json: undefined };
  const parse = <T>(json: string | undefined) => (json === undefined ? undefined : (JSON.parse(json) as T));

  /** What is known here without the store: the value's JSON, `absent`, or undefined (ask the store). */
  function lookup(rawKey: string): { json: string | undefined } | undefined {
    const hit = cache.get(rawKey);
    if (hit) return hit;
    const queued = writes.pending(rawKey); // written, evicted from the copy, not yet committed
    if (queued?.kind === 'put') return { json: JSON.stringify(JSON.parse(queued.serialized).value) };
    if (queued) return absent;
    return index.mayHave(rawKey) ? undefined : absent;
  }

  async function get<T>(key: string): Promise<T | undefined> {
    const rawKey = raw(key);
    const known = lookup(rawKey);
    if (known) return parse<T>(known.json);
    const stored = await bounded(deps.readRaw(rawKey));
    const newer = cache.get(rawKey); // written while we read: that is the value now
    if (newer) return parse<T>(newer.json);
    const json = stored?.value === undefined ? undefined : JSON.stringify(stored.value);
    cache.set(rawKey, { json, expires: stored?.expires ?? undefined });
    return parse<T>(json);
  }

  /** The copy and the index change at once (so a concurrent `add` sees it); the store at the turn's end. */
  function remember(rawKey: string, entry: { json: string; expires: number | undefined }): void {
    cache.set(rawKey, entry);
    index.added(rawKey);
  }

  function write(rawKey: string, value: unknown, ttlMs: number | undefined): Promise<void> {
    const entry = encode(value, normalizeTtl(ttlMs));
    remember(rawKey, entry);
    return settled(writes.put(rawKey, envelope(entry.json, entry.expires), !deps.commitLater));
  }

  /** What a caller of a write waits for: the commit, or (commitLater) nothing more. */
  function settled(commit: Promise<void>): Promise<void> {
    if (!deps.commitLater) return bounded(commit);
    commit.catch(() => undefined); // reported where the batch failed
    return Promise.resolve();
  }

  return {
    get,
    set: async (key, value, ttlMs) => write(raw(key), value, ttlMs),
    has: async (key) => (await get(key)) !== undefined,
    async delete(key) {
      const rawKey = raw(key);
      const known = lookup(rawKey); // whether it exists, without parsing the value when the copy has it
      const existed = known ? known.json !== undefined : (await get(key)) !== undefined;
      cache.set(rawKey, { json: undefined, expires: undefined });
      index.removed(rawKey);
      await settled(writes.remove(rawKey, !deps.commitLater));
      return existed;
    },
    async add(key, value, ttlMs) {
      const rawKey = raw(key);
      const known = lookup(rawKey);
      if (known) {
        if (known.json !== undefined) return false;
        await write(rawKey, value, ttlMs);
        return true;
      }
      // unknown here: the store decides atomically
      const ttl = normalizeTtl(ttlMs);
      const entry = encode(value, ttl);
      const stored = await bounded(deps.setIfAbsent(rawKey, envelope(entry.json, entry.expires), ttl));
      if (stored) remember(rawKey, entry);
      else cache.forget(rawKey);
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
