/**
 * A cached copy of OpenRouter's model list for autocomplete, context lengths and input modalities.
 * Served from memory; refreshed in the background once stale, so autocomplete never waits on it.
 */
import type { Logger } from 'pino';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Model } from '../openrouter/schemas/models.js';

export interface ModelInfo {
  id: string;
  name: string;
  contextLength?: number;
  inputModalities: string[];
}

export interface ModelCatalogue {
  /** The list (loads it the first time; later calls never wait for a refresh). */
  list(): Promise<ModelInfo[]>;
  get(id: string): Promise<ModelInfo | undefined>;
  /** Up to `limit` fuzzy matches on id and name, best first. */
  search(query: string, limit?: number): Promise<ModelInfo[]>;
}

function toInfo(m: Model): ModelInfo {
  const info: ModelInfo = {
    id: m.id,
    name: m.name,
    inputModalities: (m.architecture as { input_modalities?: string[] }).input_modalities ?? ['text'],
  };
  const ctx = m.context_length ?? m.top_provider.context_length;
  if (typeof ctx === 'number') info.contextLength = ctx;
  return info;
}

/** Lower is better; undefined = no match. Every query word must appear in order-free fashion. */
export function matchScore(query: string, m: ModelInfo): number | undefined {
  const q = query.toLowerCase().trim();
  if (!q) return 0;
  const id = m.id.toLowerCase();
  const hay = `${id} ${m.name.toLowerCase()}`;
  if (id === q) return -3;
  if (id.startsWith(q) || id.split('/')[1]?.startsWith(q)) return -2;
  if (hay.includes(q)) return -1;
  const words = q.split(/[\s/:-]+/).filter(Boolean);
  if (words.every((w) => hay.includes(w))) return 0;
  // subsequence match ("gpt4o" → "gpt-4o")
  let i = 0;
  for (const ch of hay) if (ch === q[i]) i++;
  return i === q.length ? 1 : undefined;
}

export function createModelCatalogue(
  client: Pick<OpenRouterClient, 'listModels'>,
  deps: { logger?: Logger; ttlMs?: number; now?: () => number } = {},
): ModelCatalogue {
  const ttl = deps.ttlMs ?? 10 * 60 * 1000;
  const now = deps.now ?? Date.now;
  let models: ModelInfo[] | undefined;
  let loadedAt = 0;
  let loading: Promise<ModelInfo[]> | undefined;

  const load = () => {
    loading ??= client
      .listModels()
      .then((res) => {
        models = res.data.map(toInfo);
        loadedAt = now();
        return models;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const list = async () => {
    if (!models) return load();
    if (now() - loadedAt > ttl)
      load().catch((err: unknown) =>
        deps.logger?.warn({ err }, 'model list refresh failed; keeping the old one'),
      );
    return models;
  };

  return {
    list,
    async get(id) {
      return (await list()).find((m) => m.id === id);
    },
    async search(query, limit = 25) {
      const scored: Array<[number, ModelInfo]> = [];
      for (const m of await list()) {
        const s = matchScore(query, m);
        if (s !== undefined) scored.push([s, m]);
      }
      scored.sort((a, b) => a[0] - b[0] || a[1].id.localeCompare(b[1].id));
      return scored.slice(0, limit).map(([, m]) => m);
    },
  };
}
