/**
 * `/models search|count|mine|embeddings|video`: OpenRouter's model catalogue as paged cards
 * (GET /models with its filters, /models/count, /models/user, /embeddings/models, /videos/models).
 */

import type { AppServices } from '../src/app/app-services.js';
import { defineGroup, defineSub, opt } from '../src/command-model/command-builders.js';
import { cmd } from '../src/command-model/command-ref.js';
import { code } from '../src/lookups/format.js';
import {
  describeQuery,
  INPUTS,
  OUTPUTS,
  parseList,
  refine,
  SORTS,
  serverFilters,
} from '../src/lookups/model-search.js';
import { modelLine, videoModelLine } from '../src/lookups/model-views.js';

const choices = <T extends string>(values: readonly T[]) => values.map((v) => ({ name: v, value: v }));
const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

type Svc = AppServices;
type PageSpec = { title: string; lines: string[]; note: string; empty: string };

/** A free subcommand that fetches one catalogue list and shows it as a paged card. */
function listSub<T>(def: {
  description: string;
  fetch: (s: Svc, signal: AbortSignal) => Promise<{ data: T[] }>;
  page: (items: T[], s: Svc) => PageSpec;
}) {
  return defineSub({
    description: def.description,
    cost: 'free',
    async run(ctx) {
      const s = ctx.services;
      const items = (await def.fetch(s, ctx.signal)).data;
      await ctx.reply.post(await s.pager.open(def.page(items, s)));
    },
  });
}

export const modelsCommand = defineGroup({
  name: 'models',
  description: 'Browse OpenRouter’s models: search, count, yours, embeddings, video',
  subcommands: {
    search: defineSub({
      description: 'Search models by name and filter by modality, parameters, price and context',
      cost: 'free',
      options: {
        query: opt.string({
          description: 'Words in the model’s id or name, e.g. sonnet or gpt4o',
          maxLength: 100,
        }),
        input: opt.choice({ description: 'Input the model must take', choices: choices(INPUTS) }),
        output: opt.choice({ description: 'Output the model must produce', choices: choices(OUTPUTS) }),
        supports: opt.string({
          description: 'Parameters it must support, comma-separated, e.g. tools,reasoning',
          maxLength: 200,
        }),
        max_price: opt.number({ description: 'Highest input price in $ per million tokens', minValue: 0 }),
        min_context: opt.integer({ description: 'Smallest context window in tokens', minValue: 1 }),
        sort: opt.choice({ description: 'Order of the results', choices: choices(SORTS) }),
      },
      async run(ctx, o) {
        const s = ctx.services;
        const q = {
          ...(o.query ? { query: o.query } : {}),
          ...(o.input ? { input: o.input } : {}),
          ...(o.output ? { output: o.output } : {}),
          ...(o.supports ? { supports: parseList(o.supports) } : {}),
          ...(o.max_price !== undefined ? { maxPrice: o.max_price } : {}),
          ...(o.min_context ? { minContext: o.min_context } : {}),
          ...(o.sort ? { sort: o.sort } : {}),
        };
        const found = refine((await s.client.listModels(serverFilters(q), { signal: ctx.signal })).data, q);
        const filters = describeQuery(q);
        await ctx.reply.post(
          await s.pager.open({
            title: `Models${filters ? `: ${filters}` : ''}`,
            lines: found.map(modelLine),
            note: count(found.length, 'model'),
            empty: 'No model matches. Loosen a filter, or try fewer words.',
          }),
        );
      },
    }),
    count: defineSub({
      description: 'How many models OpenRouter has, optionally of one output kind',
      cost: 'free',
      options: {
        output: opt.choice({ description: 'Count only models with this output', choices: choices(OUTPUTS) }),
      },
      async run(ctx, o) {
        const res = await ctx.services.client.countModels(
          { output_modalities: o.output ?? 'all' },
          { signal: ctx.signal },
        );
        await ctx.reply.post({
          text: '',
          cards: [
            {
              title: `${count(res.data.count, 'model')} on OpenRouter`,
              description: o.output
                ? `with ${o.output} output`
                : 'of every kind (text, image, audio, embeddings …)',
              footer: `See them with ${cmd('models search')}`,
            },
          ],
        });
      },
    }),
    mine: listSub({
      description: 'Models this bot’s OpenRouter account may use (privacy and provider settings)',
      fetch: (s, signal) => s.client.listUserModels({ signal }),
      page: (models) => ({
        title: 'Models the bot’s account can use',
        lines: models.map(modelLine),
        note: `${count(models.length, 'model')} · filtered by the account’s provider, privacy and guardrail settings`,
        empty:
          'The account’s settings leave no model available. An admin can check them at https://openrouter.ai/settings/privacy',
      }),
    }),
    embeddings: listSub({
      description: 'Embedding models (the notebook uses EMBEDDING_MODEL)',
      fetch: (s, signal) => s.client.listEmbeddingModels({ signal }),
      page: (models, s) => {
        const used = s.notebook.config.embeddingModel;
        return {
          title: 'Embedding models',
          lines: models.map((m) => `${m.id === used ? '📓 ' : ''}${modelLine(m)}`),
          note: `${count(models.length, 'model')} · 📓 = the notebook’s (${used})`,
          empty: 'OpenRouter lists no embedding models right now.',
        };
      },
    }),
    video: listSub({
      description: 'Video generation models with their resolutions, durations and prices',
      fetch: (s, signal) => s.client.listVideoModels({ signal }),
      page: (models) => ({
        title: 'Video models',
        lines: models.map(videoModelLine),
        note: `${count(models.length, 'model')} · pass one to /video as ${code('model')}`,
        empty: 'OpenRouter lists no video models right now.',
      }),
    }),
  },
});
