/**
 * The state port: a namespaced key/value store with TTLs and JSON values. Implemented over keyv
 * (SQLite file by default, Redis when REDIS_URL is set). Everything the bot remembers goes through it.
 */
import type { AtomicPrimitives } from './primitives/contract.js';

export interface Namespace {
  get<T>(key: string): Promise<T | undefined>;
  /** ttlMs omitted = keep forever. */
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  has(key: string): Promise<boolean>;
  /** Set only when the key is absent; true when this call stored it (used for dedup and claims). */
  add<T>(key: string, value: T, ttlMs?: number): Promise<boolean>;
  /** Every live entry of this namespace (order unspecified). */
  entries<T>(): AsyncIterable<[key: string, value: T]>;
  /** Remove every entry of this namespace. */
  clear(): Promise<void>;
}

export interface NamespaceOptions {
  /**
   * Default true: an awaited write is committed to the store. False, for what only matters while this
   * process runs (event dedupe claims, "seen" marks): on a store this process owns (the SQLite file), a
   * write resolves once it holds it and is committed with the next batch, at most STATE_COMMIT_INTERVAL_MS
   * later. No effect on Redis or memory.
   */
  durable?: boolean;
}

export interface StateStore {
  /** Which backend this is: 'sqlite' | 'redis' | 'memory'. */
  readonly kind: string;
  namespace(name: string, options?: NamespaceOptions): Namespace;
  /** Atomic counters, claims, locks, sliding windows and reservations (same contract on every backend). */
  readonly atomic: AtomicPrimitives;
  close(): Promise<void>;
}
