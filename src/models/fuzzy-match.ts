/** Fuzzy matching of model ids and names for autocomplete and search (lower is a better score). */
import type { ModelInfo } from './catalogue.js';

/** A model with its lower-cased search text computed once per load, not once per keystroke. */
export interface Indexed {
  info: ModelInfo;
  id: string;
  slug: string;
  hay: string;
}

export const indexed = (m: ModelInfo): Indexed => {
  const id = m.id.toLowerCase();
  return { info: m, id, slug: id.split('/')[1] ?? '', hay: `${id} ${m.name.toLowerCase()}` };
};

export function score(q: string, words: string[], e: Indexed): number | undefined {
  if (!q) return 0;
  if (e.id === q) return -3;
  if (e.id.startsWith(q) || e.slug.startsWith(q)) return -2;
  if (e.hay.includes(q)) return -1;
  if (words.every((w) => e.hay.includes(w))) return 0;
  // subsequence match ("gpt4o" → "gpt-4o"), one native indexOf per query character
  let at = 0;
  for (let i = 0; i < q.length; i++) {
    const ch = q[i] as string;
    if (ch === ' ') continue;
    at = e.hay.indexOf(ch, at);
    if (at === -1) return undefined;
    at++;
  }
  return 1;
}

export const wordsOf = (q: string) => q.split(/[\s/:-]+/).filter(Boolean);

/** Lower is better; undefined = no match. Every query word must appear in order-free fashion. */
export function matchScore(query: string, m: ModelInfo): number | undefined {
  const q = query.toLowerCase().trim();
  return score(q, wordsOf(q), indexed(m));
}
