/**
 * Atomic primitives with one contract on every backend (memory, SQLite, Redis). Counters hold integers
 * only (money is counted in micro-dollars), so no backend ever accumulates floating-point error.
 * Keys are free-form strings; embed the period in a key (`user:42:day:2026-12-06`) rather than
 * relying on expiry to start a new period.
 */

export interface Counters {
  /** Adds `delta` (a safe integer, may be negative) and returns the new value. `ttlMs` applies when the key is created. */
  increment(key: string, delta: number, ttlMs?: number): Promise<number>;
  /** Current values (0 for absent or expired keys), in the order of `keys`. */
  read(keys: readonly string[]): Promise<number[]>;
}

export interface Claims {
  /** True for exactly one caller until `ttlMs` has passed (claim-once, e.g. "who handles event X"). */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export interface Locks {
  /** A fresh owner token when the lock was free (or its lease expired), else undefined. Never waits. */
  acquire(key: string, leaseMs: number): Promise<string | undefined>;
  /** Renews the lease; false when `token` no longer holds the lock (expired or taken over). */
  extend(key: string, token: string, leaseMs: number): Promise<boolean>;
  /** Frees the lock only when `token` still holds it; true when it did. */
  release(key: string, token: string): Promise<boolean>;
}

export interface WindowHit {
  allowed: boolean;
  /** Hits in the window after this call (including this one when allowed). */
  count: number;
  /** When refused: milliseconds until the oldest hit leaves the window. 0 when allowed. */
  retryAfterMs: number;
  /** When allowed: this hit's id, to take it back with `forget`. */
  id?: string;
}

export interface SlidingWindows {
  /** Records a hit when fewer than `limit` hits happened in the last `windowMs`; exact, no bucket edges. */
  hit(key: string, limit: number, windowMs: number, now?: number): Promise<WindowHit>;
  /** Takes back one allowed hit (a command that failed gives its slot back); false when it is gone. */
  forget(key: string, id: string): Promise<boolean>;
}

export interface ReserveLimit {
  key: string;
  /** Maximum value the counter may reach; null = counted but unlimited. */
  limit: number | null;
  /** Expiry of the counter when this reservation creates it (e.g. end of the period plus a margin). */
  ttlMs?: number;
}

/** A reservation held by its maker; pass it back to settle or release. Plain data (JSON-safe). */
export interface Reservation {
  id: string;
  amount: number;
  keys: string[];
}

export type ReserveResult =
  | { ok: true; reservation: Reservation }
  | { ok: false; key: string; used: number; limit: number };

export interface Reservations {
  /**
   * Adds `amount` to every counter of `limits` only if each stays within its limit (all or nothing), counting
   * what is already reserved. The reservation record lives `leaseMs`; past that it can no longer be settled and
   * its amount stays counted (never under-counts).
   */
  reserve(amount: number, limits: readonly ReserveLimit[], leaseMs: number): Promise<ReserveResult>;
  /** Replaces the reserved amount by `actual` on every counter, once; false when already settled/released/expired. */
  settle(reservation: Reservation, actual: number): Promise<boolean>;
  /** Gives the whole amount back (settle to 0). */
  release(reservation: Reservation): Promise<boolean>;
  /** The amount still reserved under this id, or undefined when settled/released/expired. */
  pending(id: string): Promise<number | undefined>;
}

export interface AtomicPrimitives {
  counters: Counters;
  claims: Claims;
  locks: Locks;
  windows: SlidingWindows;
  reservations: Reservations;
}

export class PrimitiveArgumentError extends RangeError {
  readonly code = 'STATE_PRIMITIVE_ARGUMENT';
}

export function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value))
    throw new PrimitiveArgumentError(`${name} must be a safe integer (got ${value})`);
}

export function assertPositiveMs(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new PrimitiveArgumentError(`${name} must be a positive number of milliseconds (got ${value})`);
  }
  return Math.ceil(value);
}

export function assertKeyName(key: string): void {
  if (typeof key !== 'string' || key.length === 0)
    throw new PrimitiveArgumentError('keys must be non-empty strings');
}

export function checkReserve(amount: number, limits: readonly ReserveLimit[]): void {
  assertInteger('amount', amount);
  if (amount < 0) throw new PrimitiveArgumentError(`amount must not be negative (got ${amount})`);
  if (limits.length === 0) throw new PrimitiveArgumentError('a reservation needs at least one counter');
  const seen = new Set<string>();
  for (const { key, limit, ttlMs } of limits) {
    assertKeyName(key);
    if (seen.has(key)) throw new PrimitiveArgumentError(`counter "${key}" listed twice`);
    seen.add(key);
    if (limit !== null) assertInteger('limit', limit);
    if (ttlMs !== undefined) assertPositiveMs('ttlMs', ttlMs);
  }
}

/** The first limit that `amount` would cross given the current values, or undefined when all fit. */
export function firstBlocked(
  amount: number,
  limits: readonly ReserveLimit[],
  values: readonly number[],
): { key: string; used: number; limit: number } | undefined {
  for (const [index, { key, limit }] of limits.entries()) {
    const used = values[index] ?? 0;
    if (limit !== null && used + amount > limit) return { key, used, limit };
  }
  return undefined;
}
