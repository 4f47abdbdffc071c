/**
 * `/models search`: the filters GET /models understands are sent; the same filters are checked
 * again locally (older deployments ignore some), and the text query is matched locally with the
 * catalogue's fuzzy matcher, so "sonnet 4" or "gpt4o" find what the user means.
 */
import { matchScore } from '../models/catalogue.js';
import type { Model, ModelFilters } from '../openrouter/schemas/models.js';
import { promptPrice } from './model-views.js';

export const SORTS = [
  'most-popular',
  'newest',
  'top-weekly',
  'pricing-low-to-high',
  'pricing-high-to-low',
  'context-high-to-low',
  'throughput-high-to-low',
  'latency-low-to-high',
  'intelligence-high-to-low',
  'coding-high-to-low',
  'agentic-high-to-low',
] as const;
export type Sort = (typeof SORTS)[number];

export const INPUTS = ['text', 'image', 'file', 'audio', 'video'] as const;
export const OUTPUTS = [
  'text',
  'image',
  'embeddings',
  'audio',
  'video',
  'rerank',
  'speech',
  'transcription',
] as const;

export interface ModelQuery {
  query?: string;
  input?: string;
  output?: string;
  /** Parameters every model must support, e.g. ["tools", "reasoning"]. */
  supports?: string[];
  /** Highest prompt price in $ per million tokens. */
  maxPrice?: number;
  minContext?: number;
  sort?: Sort;
}

/** "tools, reasoning" → ["tools", "reasoning"]. */
export const parseList = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function serverFilters(q: ModelQuery): ModelFilters {
  return {
    ...(q.input ? { input_modalities: q.input } : {}),
    // GET /models lists only text models by default; a search covers every kind unless told
    output_modalities: q.output ?? 'all',
    ...(q.supports?.length ? { supported_parameters: q.supports.join(',') } : {}),
    ...(q.maxPrice !== undefined ? { max_price: q.maxPrice } : {}),
    ...(q.minContext ? { context: q.minContext } : {}),
    ...(q.sort ? { sort: q.sort } : {}),
  };
}

const ctxOf = (m: Model) => m.context_length ?? m.top_provider.context_length ?? 0;

/** Local filtering and ordering over what the server returned. */
export function refine(models: readonly Model[], q: ModelQuery): Model[] {
  const scored: Array<[number, Model]> = [];
  for (const m of models) {
    const a = m.architecture;
    if (q.input && !a.input_modalities.includes(q.input)) continue;
    if (q.output && !a.output_modalities.includes(q.output)) continue;
    if (q.supports?.some((p) => !m.supported_parameters.includes(p))) continue;
    if (q.maxPrice !== undefined && (promptPrice(m) ?? Number.POSITIVE_INFINITY) > q.maxPrice) continue;
    if (q.minContext && ctxOf(m) < q.minContext) continue;
    const score = q.query ? matchScore(q.query, { id: m.id, name: m.name, inputModalities: [] }) : 0;
    if (score === undefined) continue;
    scored.push([score, m]);
  }
  const order = localOrder(q.sort);
  // with a text query and no explicit sort, best matches first; otherwise the server's (or our) order
  if (order) scored.sort((x, y) => order(x[1], y[1]));
  else if (q.query) scored.sort((x, y) => x[0] - y[0]);
  return scored.map(([, m]) => m);
}

function localOrder(sort: Sort | undefined): ((a: Model, b: Model) => number) | undefined {
  const price = (m: Model) => promptPrice(m) ?? Number.POSITIVE_INFINITY;
  if (sort === 'pricing-low-to-high') return (a, b) => price(a) - price(b);
  if (sort === 'pricing-high-to-low') return (a, b) => (promptPrice(b) ?? -1) - (promptPrice(a) ?? -1);
  if (sort === 'context-high-to-low') return (a, b) => ctxOf(b) - ctxOf(a);
  if (sort === 'newest') return (a, b) => b.created - a.created;
  return undefined; // popularity, throughput, latency and benchmark orders only the server knows
}

/** A one-line summary of the filters in effect, for the card's title. */
export function describeQuery(q: ModelQuery): string {
  const parts = [
    q.query && `“${q.query}”`,
    q.input && `input ${q.input}`,
    q.output && `output ${q.output}`,
    q.supports?.length && `supports ${q.supports.join(', ')}`,
    q.maxPrice !== undefined && `≤ $${q.maxPrice}/M in`,
    q.minContext && `≥ ${q.minContext.toLocaleString('en-US')} ctx`,
    q.sort && q.sort,
  ].filter(Boolean);
  return parts.join(' · ');
}
