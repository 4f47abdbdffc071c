/**
 * The StateStore port over one keyv instance. Namespacing is done here by key prefixing
 * (`switchboard:<namespace>:<key>`) rather than with keyv's own namespace option, because keyv
 * writes its namespace onto the shared adapter and @keyv/sqlite matches it with LIKE (case-insensitive,
 * `_` is a wildcard). Listing keys is the backend's job (exact prefix match); values are always read
 * back through keyv, which drops expired entries, so `entries`, `has` and `add` all honour TTLs.
 */
import type { Keyv } from 'keyv';
import { createCachedNamespace } from './cached-namespace.js';
import type { KeyIndex } from './key-index.js';
import { createKeyedLock } from './keyed-lock.js';
import type { AtomicPrimitives } from './primitives/contract.js';
import { boundedPrimitives, withStateTimeout } from './state-timeout.js';
import type { Namespace, NamespaceOptions, StateStore } from './store.js';
import { normalizeTtl } from './ttl.js';
import { createValueCache, type ValueCacheLimits } from './value-cache.js';
import { type BatchTarget, createWriteBehind } from './write-behind.js';

export type StoreKind = 'sqlite' | 'redis' | 'memory';

export interface KeyvBackend {
  kind: StoreKind;
  keyv: Keyv;
  atomic: AtomicPrimitives;
  /** Every raw key starting with `prefix` (exact, case-sensitive); expired ones may be included. */
  listKeys(prefix: string): Promise<string[]>;
  /** Atomic set-if-absent (replacing an expired entry). Without it, `add` is serialized in-process only. */
  setIfAbsent?(rawKey: string, serialized: string, ttlMs: number | undefined): Promise<boolean>;
  /** Physically remove expired entries the backend does not expire by itself (SQLite rows, Map entries). */
  purgeExpired?(): Promise<void>;
  /**
   * Only for a store no other process writes (SQLite): values are cached in memory and writes batched
   * per event-loop turn (cached-namespace.ts).
   */
  exclusive?: BatchTarget & { limits: ValueCacheLimits; index: KeyIndex };
  close(): Promise<void>;
}

export interface KeyvStateStore extends StateStore {
  readonly kind: StoreKind;
  /** Remove expired entries now (also runs on a timer when the backend needs it). */
  purgeExpired(): Promise<void>;
}

const ROOT = 'switchboard';
const BATCH = 100;
const NAMESPACE_NAME = /^[A-Za-z0-9][\w.-]*$/;
const MAX_NAMESPACE_OBJECTS = 1_000;

function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new TypeError('state keys must be non-empty strings');
}

/** The copy, the key index and the batched writes of a store this process owns (none otherwise). */
function ownedParts(backend: KeyvBackend, options: KeyvStoreOptions) {
  const { exclusive, setIfAbsent } = backend;
  if (!exclusive || !setIfAbsent) return undefined;
  const cache = createValueCache(exclusive.limits);
  const intervalMs = options.commitIntervalMs ?? 0;
  const writes = createWriteBehind(
    exclusive,
    (keys, err) => {
      for (const k of keys) cache.forget(k);
      options.onWriteFailed?.(err, keys.length);
    },
    { intervalMs },
  );
  return { cache, writes, index: exclusive.index, setIfAbsent: setIfAbsent.bind(backend) };
}

export interface KeyvStoreOptions {
  purgeIntervalMs?: number;
  timeoutMs?: number;
  /**
   * A store this process owns: how long writes of namespaces that are not durable may wait to go with
   * the next batch, ms (default 0: every event-loop turn). Durable writes (the default) always resolve
   * once committed, at the end of their turn; close commits everything.
   */
  commitIntervalMs?: number;
  /** A batched commit failed (its writes were already answered when commitIntervalMs > 0). */
  onWriteFailed?: (err: unknown, writes: number) => void;
}

export function createKeyvStore(backend: KeyvBackend, options: KeyvStoreOptions = {}): KeyvStateStore {
  const { keyv } = backend;
  const bounded = <T>(work: Promise<T>) => withStateTimeout(backend.kind, options.timeoutMs, work);
  const lock = createKeyedLock();
  const owned = ownedParts(backend, options);
  let closed = false;
  const ensureOpen = () => {
    // A closed Redis adapter would silently reconnect; fail loudly instead.
    if (closed) throw new Error(`the ${backend.kind} state store is closed`);
  };
  const purgeExpired = async () => {
    await backend.purgeExpired?.();
  };
  const timer =
    backend.purgeExpired && options.purgeIntervalMs
      ? setInterval(() => void purgeExpired().catch(() => undefined), options.purgeIntervalMs)
      : undefined;
  timer?.unref();

  /**
   * Namespaces hold no state of their own (the copy, the batch and the index are the store's): one object per
   * name and durability, made once, instead of a dozen closures on every call (some callers ask per request).
   */
  const made = new Map<string, Namespace>();
  function namespace(name: string, nsOptions: NamespaceOptions = {}): Namespace {
    const id = `${nsOptions.durable === false ? 'later' : 'durable'}:${name}`;
    let ns = made.get(id);
    if (!ns) {
      if (made.size >= MAX_NAMESPACE_OBJECTS) made.clear(); // names made per month or server: bounded anyway
      ns = makeNamespace(name, nsOptions);
      made.set(id, ns);
    }
    return ns;
  }

  function makeNamespace(name: string, nsOptions: NamespaceOptions): Namespace {
    if (!NAMESPACE_NAME.test(name)) {
      throw new TypeError(`invalid namespace "${name}": use letters, digits, '_', '.', '-' (no ':')`);
    }
    const prefix = `${ROOT}:${name}:`;
    const raw = (key: string) => {
      ensureOpen();
      assertKey(key);
      return prefix + key;
    };
    const get = async <T>(key: string): Promise<T | undefined> => {
      const value = (await bounded(keyv.get(raw(key)))) as T | null | undefined;
      return value === undefined ? undefined : (value as T);
    };
    const set = async <T>(key: string, value: T, ttlMs?: number): Promise<void> => {
      await bounded(keyv.set(raw(key), value, normalizeTtl(ttlMs)));
    };
    const has = async (key: string) => (await get(key)) !== undefined;

    const plain: Namespace = {
      get,
      set,
      has,
      async delete(key) {
        const existed = await has(key);
        await bounded(keyv.delete(raw(key)));
        return existed;
      },
      async add(key, value, ttlMs) {
        const ttl = normalizeTtl(ttlMs);
        const rawKey = raw(key);
        if (backend.setIfAbsent) {
          const expires = ttl === undefined ? undefined : Date.now() + ttl;
          const serialized = await keyv.serializeData({ value, expires });
          return bounded(backend.setIfAbsent(rawKey, String(serialized), ttl));
        }
        return lock.run(rawKey, async () => {
          if (await has(key)) return false;
          await bounded(keyv.set(rawKey, value, ttl));
          return true;
        });
      },
      async *entries<T>(): AsyncIterable<[string, T]> {
        ensureOpen();
        const keys = await bounded(backend.listKeys(prefix));
        for (let i = 0; i < keys.length; i += BATCH) {
          const batch = keys.slice(i, i + BATCH);
          const values = (await bounded(keyv.getMany(batch))) as Array<T | undefined>;
          for (const [index, rawKey] of batch.entries()) {
            const value = values[index];
            if (value !== undefined) yield [rawKey.slice(prefix.length), value];
          }
        }
      },
      async clear() {
        ensureOpen();
        const keys = await backend.listKeys(prefix);
        for (let i = 0; i < keys.length; i += BATCH) {
          await keyv.deleteMany(keys.slice(i, i + BATCH));
        }
      },
    };
    if (!owned) return plain;
    return createCachedNamespace(prefix, raw, {
      ...owned,
      bounded,
      readRaw: (rawKey) => keyv.get(rawKey, { raw: true }),
      commitLater: nsOptions.durable === false,
      base: plain,
    });
  }

  return {
    kind: backend.kind,
    namespace,
    atomic: boundedPrimitives(backend.kind, options.timeoutMs, backend.atomic),
    purgeExpired,
    async close() {
      if (closed) return;
      await owned?.writes.drain();
      closed = true;
      if (timer) clearInterval(timer);
      await backend.close();
    },
  };
}
