/**
 * A cached copy of OpenRouter's model list (text and image output) for autocomplete, context lengths
 * and modalities.
 * Served from memory and persisted in the state store, so a restart (or another instance) starts
 * warm; refreshed in the background once stale and on a timer, so autocomplete never waits on it.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Model } from '../openrouter/schemas/models.js';
import type { StateStore } from '../state/store.js';
import { type Indexed, indexed, score, wordsOf } from './fuzzy-match.js';

export { matchScore } from './fuzzy-match.js';

export interface ModelInfo {
  id: string;
  name: string;
  contextLength?: number;
  inputModalities: string[];
  /** What the model can answer with (`image` for image models); absent in lists stored before it was kept. */
  outputModalities?: string[];
  /** USD per token / per request, when OpenRouter lists them (budget estimates). */
  pricing?: { prompt: number; completion: number; request?: number };
  maxCompletionTokens?: number;
}

export interface ModelCatalogue {
  /** The list (loads it the first time; later calls never wait for a refresh). */
  list(): Promise<ModelInfo[]>;
  get(id: string): Promise<ModelInfo | undefined>;
  /** Up to `limit` fuzzy matches on id and name, best first. */
  search(query: string, limit?: number): Promise<ModelInfo[]>;
  /** Fetch the list now (and store it); the old one stays in use if that fails. */
  refresh(): Promise<void>;
  /** Stop the background refresh timer. */
  close(): void;
}

const infoSchema = z.object({
  id: z.string(),
  name: z.string(),
  contextLength: z.number().optional(),
  inputModalities: z.array(z.string()),
  outputModalities: z.array(z.string()).optional(),
  pricing: z
    .object({ prompt: z.number(), completion: z.number(), request: z.number().optional() })
    .optional(),
  maxCompletionTokens: z.number().optional(),
});
const storedSchema = z.object({ loadedAt: z.number(), models: z.array(infoSchema) });
const STORE_KEY = 'catalogue';

function toInfo(m: Model): ModelInfo {
  const info: ModelInfo = {
    id: m.id,
    name: m.name,
    inputModalities: (m.architecture as { input_modalities?: string[] }).input_modalities ?? ['text'],
    outputModalities: m.architecture.output_modalities,
  };
  const ctx = m.context_length ?? m.top_provider.context_length;
  if (typeof ctx === 'number') info.contextLength = ctx;
  const maxOut = m.top_provider.max_completion_tokens;
  if (typeof maxOut === 'number') info.maxCompletionTokens = maxOut;
  const prompt = Number(m.pricing.prompt);
  const completion = Number(m.pricing.completion);
  const request = Number(m.pricing.request ?? 0);
  if (prompt >= 0 && completion >= 0)
    info.pricing = { prompt, completion, ...(request > 0 ? { request } : {}) };
  return info;
}

export function createModelCatalogue(
  client: Pick<OpenRouterClient, 'listModels'>,
  deps: {
    logger?: Logger;
    ttlMs?: number;
    now?: () => number;
    /** Where the list is persisted (namespace `models`). */
    store?: StateStore;
    /** Refresh on a timer this often (unset: only when a stale list is read). */
    refreshEveryMs?: number;
  } = {},
): ModelCatalogue {
  const ttl = deps.ttlMs ?? 10 * 60 * 1000;
  const now = deps.now ?? Date.now;
  const ns = deps.store?.namespace('models');
  let models: ModelInfo[] | undefined;
  let index: Indexed[] = [];
  let loadedAt = 0;
  let loading: Promise<ModelInfo[]> | undefined;
  let hydrated = false;

  const use = (list: ModelInfo[], at: number) => {
    models = list;
    // sorted by id once, so search can bucket by score and keep id order without sorting
    index = list.map(indexed).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    loadedAt = at;
    return list;
  };
  const warn = (err: unknown) => deps.logger?.warn({ err }, 'model list refresh failed; keeping the old one');

  const load = () => {
    loading ??= client
      .listModels({ output_modalities: 'text,image' })
      .then(async (res) => {
        const list = use(res.data.map(toInfo), now());
        await ns
          ?.set(STORE_KEY, { loadedAt, models: list })
          .catch((err: unknown) => deps.logger?.warn({ err }, 'could not store the model list'));
        return list;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  /** The persisted copy, once per process (a restart or a second instance starts warm). */
  const hydrate = async () => {
    hydrated = true;
    const parsed = storedSchema.safeParse(await ns?.get(STORE_KEY).catch(() => undefined));
    if (parsed.success && !models) use(parsed.data.models, parsed.data.loadedAt);
  };

  const list = async () => {
    if (!models && !hydrated && ns) await hydrate();
    if (!models) return load();
    if (now() - loadedAt > ttl) load().catch(warn);
    return models;
  };

  const timer = deps.refreshEveryMs
    ? setInterval(() => {
        if (now() - loadedAt >= Math.min(ttl, deps.refreshEveryMs ?? ttl)) load().catch(warn);
      }, deps.refreshEveryMs)
    : undefined;
  timer?.unref();

  return {
    list,
    async get(id) {
      return (await list()).find((m) => m.id === id);
    },
    async search(query, limit = 25) {
      await list();
      const q = query.toLowerCase().trim();
      if (!q) return index.slice(0, limit).map((e) => e.info);
      const words = wordsOf(q);
      const hits: Array<[number, ModelInfo]> = [];
      for (const e of index) {
        const s = score(q, words, e);
        if (s !== undefined) hits.push([s, e.info]);
      }
      // stable: equal scores keep the index's id order
      return hits
        .sort((a, b) => a[0] - b[0])
        .slice(0, limit)
        .map(([, info]) => info);
    },
    async refresh() {
      await load();
    },
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
