/** Budget periods in UTC: today and this calendar month, their store keys, ends and human wording. */

export type Period = 'day' | 'month';
export const PERIODS: readonly Period[] = ['day', 'month'];

/** The last key made for each period and the span it covers (every answer asks for a dozen keys of "now"). */
const lastKey = {
  day: { from: 0, to: 0, key: '' },
  month: { from: 0, to: 0, key: '' },
};

/** `d2025-03-14` / `m2025-03`: part of spend counter keys, so a new period starts from zero by itself. */
export function periodKey(period: Period, at: number): string {
  const last = lastKey[period];
  if (at >= last.from && at < last.to) return last.key;
  const iso = new Date(at).toISOString();
  const key = period === 'day' ? `d${iso.slice(0, 10)}` : `m${iso.slice(0, 7)}`;
  // (a time that is not a date never gets here: toISOString throws)
  Object.assign(last, { from: periodStart(period, at), to: periodEnd(period, at), key });
  return key;
}

export function periodStart(period: Period, at: number): number {
  const d = new Date(at);
  return period === 'day'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The first millisecond of the next period. */
export function periodEnd(period: Period, at: number): number {
  const d = new Date(at);
  return period === 'day'
    ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
    : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** `3 h 5 min`, `12 min`, `40 s` (rounded up, so "try again in" is never too early). */
export function formatDuration(ms: number): string {
  const secs = Math.max(1, Math.ceil(ms / 1000));
  if (secs < 60) return `${secs} s`;
  const mins = Math.ceil(secs / 60);
  if (mins < 60) return `${mins} min`;
  const hours = Math.floor(mins / 60);
  const rest = mins % 60;
  if (hours < 48) return rest ? `${hours} h ${rest} min` : `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** `00:00 UTC on 2025-03-15 (in 3 h 5 min)`. */
export function describeReset(period: Period, now: number): string {
  const end = periodEnd(period, now);
  return `00:00 UTC on ${new Date(end).toISOString().slice(0, 10)} (in ${formatDuration(end - now)})`;
}

/** USD with enough digits for tiny token costs: $0.42, $0.0031, $0.000012. */
export function usd(value: number): string {
  if (value === 0) return '$0.00';
  if (Math.abs(value) >= 0.01) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(2).replace(/0+$/, '')}`;
}
