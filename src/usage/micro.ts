/** Money as integer micro-dollars (1 USD = 1,000,000): counters and reservations never add floats. */
export const MICROS_PER_USD = 1_000_000;

/** USD → micro-dollars, rounded up (a cost is never counted below what OpenRouter reported). */
export function toMicros(usd: number): number {
  if (!Number.isFinite(usd) || usd <= 0) return 0;
  return Math.ceil(Math.round(usd * MICROS_PER_USD * 1000) / 1000);
}

export function fromMicros(micros: number): number {
  return micros / MICROS_PER_USD;
}
