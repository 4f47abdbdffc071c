/** Validates a TTL from the port (undefined = forever) and rounds it to whole milliseconds (Redis PX needs integers). */
export function normalizeTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(
      `ttlMs must be a positive number of milliseconds (got ${ttlMs}); omit it to keep forever`,
    );
  }
  return Math.ceil(ttlMs);
}

/** True when a stored keyv envelope `{ value, expires }` has expired. */
export function isExpired(envelope: unknown, now = Date.now()): boolean {
  if (typeof envelope !== 'object' || envelope === null || !('expires' in envelope)) return false;
  const { expires } = envelope;
  return typeof expires === 'number' && expires < now;
}
