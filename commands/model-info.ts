/**
 * `/model info id:<author/slug>`: the model card (GET /model/{author}/{slug}, private models
 * included) and its endpoints (GET /models/{author}/{slug}/endpoints): providers, prices per
 * million tokens, context, quantization, uptime and latency, and which endpoints retain no data
 * (matched against GET /endpoints/zdr).
 */

import { defineSub, opt } from '../src/command-model/command-builders.js';
import type { CommandContext } from '../src/command-model/command-types.js';
import { InputError } from '../src/common/errors.js';
import { endpointField, isZdr, modelCard, modelUrl } from '../src/lookups/model-views.js';
import { OpenRouterError } from '../src/openrouter/errors.js';
import type { PublicEndpoint } from '../src/openrouter/schemas/models.js';

const notFound = (err: unknown) => err instanceof OpenRouterError && err.status === 404;
const orUndefined = <T>(p: Promise<{ data: T }>) =>
  p.then(
    (r) => r.data,
    (err: unknown) => {
      if (notFound(err)) return undefined;
      throw err;
    },
  );

async function unknownModel(ctx: CommandContext, id: string): Promise<never> {
  const close = (await ctx.services.catalogue.search(id, 3).catch(() => [])).map((m) => `\`${m.id}\``);
  throw new InputError(
    'INPUT.UNKNOWN_MODEL',
    `No model \`${id}\` is visible to this bot’s OpenRouter key.${close.length ? ` Did you mean ${close.join(', ')}?` : ''}`,
  );
}

export const modelInfoSub = defineSub({
  description: 'A model’s card and its endpoints: providers, prices, context, uptime, data retention',
  cost: 'free',
  options: {
    id: opt.string({
      description: 'Model id, e.g. anthropic/claude-sonnet-4',
      required: true,
      autocomplete: 'model',
    }),
  },
  async run(ctx, o) {
    const id = o.id.replace(/^https:\/\/openrouter\.ai\//, '');
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(id);
    if (!m)
      throw new InputError(
        'INPUT.BAD_MODEL_ID',
        `\`${o.id}\` is not a model id: write it as author/slug, e.g. openai/gpt-4o-mini.`,
      );
    const [, author, slug] = m as unknown as [string, string, string];
    const { client } = ctx.services;
    const opts = { signal: ctx.signal };
    const [model, endpoints, zdr] = await Promise.all([
      orUndefined(client.getModel(author, slug, opts)),
      orUndefined(client.listEndpoints(author, slug, opts)),
      client.listZdrEndpoints(opts).then(
        (r) => r.data,
        (): PublicEndpoint[] | undefined => undefined,
      ),
    ]);
    const about = model ?? endpoints;
    if (!about) return unknownModel(ctx, id);
    const list = endpoints?.endpoints ?? [];
    const zdrCount = zdr ? list.filter((e) => isZdr(e, zdr)).length : undefined;
    const summary =
      list.length === 0
        ? 'no endpoints are serving it right now'
        : `${list.length} endpoint${list.length === 1 ? '' : 's'}${
            zdrCount === undefined ? ' (ZDR list unavailable)' : ` · ${zdrCount} retain no data (🔒 ZDR)`
          }`;
    await ctx.reply.post(
      await ctx.services.pager.open({
        header: modelCard(about),
        title: `Endpoints of ${about.id}`,
        url: `${modelUrl(about.id)}/providers`,
        fields: list.map((e) => endpointField(e, !!zdr && isZdr(e, zdr))),
        perPage: 6,
        note: summary,
        empty: 'No provider is serving this model right now.',
      }),
    );
  },
});
