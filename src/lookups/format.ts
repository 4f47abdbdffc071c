/** Small formatters shared by the lookup cards: prices per million tokens, token counts, percentages. */

/** A per-token USD price (OpenRouter sends strings) as dollars per million tokens, e.g. "$0.15". */
export function perMillion(price: string | number | null | undefined): string | undefined {
  if (price === null || price === undefined || price === '') return undefined;
  const n = Number(price);
  if (!Number.isFinite(n)) return undefined;
  if (n < 0) return 'varies';
  const m = n * 1_000_000;
  if (m === 0) return 'free';
  const digits = m >= 100 ? 0 : m >= 1 ? 2 : m >= 0.01 ? 3 : 4;
  return `$${Number(m.toFixed(digits)).toString()}`;
}

/** "$0.15 in · $0.60 out /M" from a pricing object. */
export function priceLine(pricing: { prompt?: unknown; completion?: unknown } | undefined): string {
  const input = perMillion(pricing?.prompt as string | undefined);
  const output = perMillion(pricing?.completion as string | undefined);
  if (!input && !output) return 'price unknown';
  if (input === 'free' && (output === 'free' || !output)) return 'free';
  return `${input ?? '?'} in · ${output ?? '?'} out /M`;
}

/** 128000 → "128K", 1048576 → "1M", 900 → "900". */
export function tokens(n: number | null | undefined): string | undefined {
  if (n === null || n === undefined || !Number.isFinite(n)) return undefined;
  if (n >= 1_000_000) return `${Number((n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 2))}M`;
  if (n >= 1_000) return `${Number((n / 1_000).toFixed(n % 1_000 === 0 ? 0 : 1))}K`;
  return String(n);
}

/** 99.91 → "99.9%". */
export const percent = (n: number | null | undefined): string | undefined =>
  n === null || n === undefined ? undefined : `${Number(n.toFixed(1))}%`;

/** Milliseconds as "420 ms" or "1.8 s". */
export function duration(ms: number | null | undefined): string | undefined {
  if (ms === null || ms === undefined) return undefined;
  return ms >= 1_000 ? `${Number((ms / 1_000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

/** Unix seconds → "2025-06-15". */
export const day = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** Joins the defined parts with " · ". */
export const dots = (...parts: Array<string | undefined | false | null>) =>
  parts.filter((p): p is string => !!p).join(' · ');

/** Inline code that survives backticks in the value. */
export const code = (text: string) => `\`${text.replaceAll('`', 'ˋ')}\``;

/** Shortens to `max` characters with "…". */
export function short(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
