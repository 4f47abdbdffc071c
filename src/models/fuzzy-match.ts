/**
 * Fuzzy matching of model ids and names for autocomplete and search (lower is a better score).
 * Tiers, best first: the exact id; an id or model-name prefix (`gpt-4o`); the same prefix with
 * punctuation ignored (`gpt4o` → `gpt-4o…`); a substring, then the same ignoring punctuation; every
 * query word somewhere; the query's letters in order within the model name (`gmn2` → `gemini-2…`),
 * then anywhere. Within a tier, the tighter match and then the shorter model name win, so the plain
 * `openai/gpt-4o` comes before its dated snapshots and `:free` variants.
 */
import type { ModelInfo } from './catalogue.js';

/** A model with its lower-cased search text computed once per load, not once per keystroke. */
export interface Indexed {
  info: ModelInfo;
  id: string;
  slug: string;
  hay: string;
  /** slug and hay with only letters and digits. */
  cslug: string;
  chay: string;
}

const compact = (s: string) => s.replace(/[^a-z0-9]/g, '');

/** The query's compact form, computed once per keystroke rather than once per model. */
let lastQuery = '';
let lastCompact = '';
const compactQuery = (q: string) => {
  if (q !== lastQuery) {
    lastQuery = q;
    lastCompact = compact(q);
  }
  return lastCompact;
};

export const indexed = (m: ModelInfo): Indexed => {
  const id = m.id.toLowerCase();
  const slug = id.split('/')[1] ?? '';
  const hay = `${id} ${m.name.toLowerCase()}`;
  return { info: m, id, slug, hay, cslug: compact(slug), chay: compact(hay) };
};

/** Letters of `q` in order inside `text`: how loosely (0 = contiguous), or undefined. */
function looseness(q: string, text: string): number | undefined {
  let best: number | undefined;
  // try each start of the first letter: the tightest window wins (queries are short)
  for (
    let start = text.indexOf(q[0] as string);
    start !== -1;
    start = text.indexOf(q[0] as string, start + 1)
  ) {
    let at = start + 1;
    for (let i = 1; i < q.length && at > 0; i++) at = text.indexOf(q[i] as string, at) + 1;
    if (at === 0) break;
    const gaps = at - start - q.length;
    if (best === undefined || gaps < best) best = gaps;
    if (best === 0) break;
  }
  return best;
}

/** A fraction in [0, 1): the smaller, the better within a tier. */
const tie = (e: Indexed, extra = 0) => Math.min(0.99, extra / 10 + Math.min(e.slug.length, 90) / 1000);

export function score(q: string, words: string[], e: Indexed): number | undefined {
  if (!q) return 0;
  if (e.id === q) return 0;
  if (e.id.startsWith(q) || e.slug.startsWith(q)) return 1 + tie(e);
  const qc = compactQuery(q);
  if (!qc) return undefined;
  if (e.cslug.startsWith(qc)) return 2 + tie(e);
  const at = e.hay.indexOf(q);
  if (at !== -1) return 3 + tie(e, Math.min(at, 9) / 10);
  if (e.chay.includes(qc)) return 4 + tie(e);
  if (words.length > 1 && words.every((w) => e.hay.includes(w))) return 5 + tie(e);
  const inSlug = looseness(qc, e.cslug);
  if (inSlug !== undefined) return 6 + tie(e, Math.min(inSlug, 9));
  const inHay = looseness(qc, e.chay);
  if (inHay !== undefined) return 7 + tie(e, Math.min(inHay, 9));
  return undefined;
}

export const wordsOf = (q: string) => q.split(/[\s/:-]+/).filter(Boolean);

/** Lower is better; undefined = no match. */
export function matchScore(query: string, m: ModelInfo): number | undefined {
  const q = query.toLowerCase().trim();
  return score(q, wordsOf(q), indexed(m));
}
