/**
 * Model autocomplete over a 1,000-model catalogue, the way Discord asks for it on every keystroke:
 * the dispatcher's autocomplete → the registry's `model` source → the cached catalogue's fuzzy
 * search (warm, from memory). vitest reports p99 per query kind; Discord allows 3 s in all.
 */

import pino from 'pino';
import { beforeAll, bench, describe } from 'vitest';
import { createCommandRegistry } from '../../commands/index.js';
import type { AppServices } from '../../src/app/app-services.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { createDispatcher, type Dispatcher } from '../../src/dispatch/dispatcher.js';
import { createModelCatalogue, type ModelCatalogue } from '../../src/models/catalogue.js';
import type { Model } from '../../src/openrouter/schemas/models.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { makeModel } from '../fakes/openrouter.js';

const AUTHORS = [
  'openai',
  'anthropic',
  'google',
  'meta-llama',
  'mistralai',
  'qwen',
  'deepseek',
  'x-ai',
  'cohere',
  'nvidia',
];
const FAMILIES = [
  'gpt',
  'claude',
  'gemini',
  'llama',
  'mistral',
  'qwen',
  'deepseek',
  'grok',
  'command',
  'nemotron',
];

/** 1,000 realistic ids and names: author/family-version-size[-variant]. */
function catalogue(): Model[] {
  return Array.from({ length: 1_000 }, (_, i) => {
    const a = i % 10;
    const version = `${1 + (Math.floor(i / 10) % 7)}.${i % 3}`;
    const size = [8, 32, 70, 405][Math.floor(i / 70) % 4];
    const variant = ['', '-instruct', '-mini', '-preview', ':free'][Math.floor(i / 280) % 5];
    const family = FAMILIES[a] as string;
    return makeModel({
      id: `${AUTHORS[a]}/${family}-${version}-${size}b${variant}-${i}`,
      name: `${family[0]?.toUpperCase()}${family.slice(1)} ${version} ${size}B${variant} #${i}`,
      contextLength: 8_192 * (1 + (i % 16)),
    }) as unknown as Model;
  });
}

const QUERIES = {
  'empty (first keystroke)': [''],
  'prefix ("cla", "gpt-4")': ['cla', 'gpt-4', 'gem', 'll'],
  'words ("llama 70b instruct")': ['llama 70b instruct', 'qwen 32b', 'mistral mini'],
  'subsequence ("gmn2", "dpsk3")': ['gmn2', 'dpsk3', 'cld4'],
  'no match ("zzzz")': ['zzzz'],
};

let dispatcher: Dispatcher;
let cat: ModelCatalogue;
const invocation: Invocation = {
  platform: 'discord',
  command: 'model',
  subcommand: 'info',
  user: { id: 'u', name: 'u', isAdmin: false },
  channelId: 'c',
};

beforeAll(async () => {
  const models = catalogue();
  cat = createModelCatalogue(
    { listModels: async () => ({ data: models, meta: {} }) },
    { store: createMemoryStore() },
  );
  await cat.list();
  dispatcher = createDispatcher({
    registry: createCommandRegistry(),
    services: { catalogue: cat } as Partial<AppServices> as AppServices,
    logger: pino({ level: 'silent' }),
  });
});

describe('autocomplete over 1,000 models (dispatcher → registry source → catalogue)', () => {
  for (const [kind, queries] of Object.entries(QUERIES)) {
    let i = 0;
    bench(
      kind,
      async () => {
        const q = queries[i++ % queries.length] as string;
        const choices = await dispatcher.autocomplete(invocation, 'id', q);
        if (q !== 'zzzz' && choices.length === 0) throw new Error(`no choices for "${q}"`);
      },
      { time: 1_000, warmupTime: 200 },
    );
  }
});
