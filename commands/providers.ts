/**
 * `/providers` (GET /providers) and `/zdr` (GET /endpoints/zdr): who serves OpenRouter's models,
 * and what zero-data-retention routing (`provider.zdr: true`) would leave available.
 */

import { defineCommand } from '../src/command-model/command-builders.js';
import { cmd } from '../src/command-model/command-ref.js';
import { countOf } from '../src/common/plural.js';
import { code, dots, priceLine, short } from '../src/lookups/format.js';
import type { PublicEndpoint } from '../src/openrouter/schemas/models.js';

const link = (label: string, url: string | null | undefined) => (url ? `[${label}](${url})` : undefined);

export const providersCommand = defineCommand({
  name: 'providers',
  description: 'The providers behind OpenRouter: headquarters, data centres, policies',
  cost: 'free',
  async run(ctx) {
    const s = ctx.services;
    const providers = (await s.client.listProviders({ signal: ctx.signal })).data;
    const lines = [...providers]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) =>
        dots(
          `**${short(p.name, 50)}** ${code(p.slug)}`,
          p.headquarters && `HQ ${p.headquarters}`,
          p.datacenters?.length ? `DC ${p.datacenters.join(', ')}` : undefined,
          link('privacy', p.privacy_policy_url),
          link('terms', p.terms_of_service_url),
          link('status', p.status_page_url),
        ),
      );
    await ctx.reply.post(
      await s.pager.open({
        title: 'Providers',
        lines,
        note: `${countOf(providers.length, 'provider')} · ${cmd('zdr')} shows which retain no data`,
        empty: 'OpenRouter lists no providers right now.',
      }),
    );
  },
});

interface ZdrModel {
  id: string;
  name: string;
  endpoints: PublicEndpoint[];
}

export const zdrCommand = defineCommand({
  name: 'zdr',
  description: 'What zero-data-retention routing would leave available (models and providers)',
  cost: 'free',
  async run(ctx) {
    const s = ctx.services;
    const endpoints = (await s.client.listZdrEndpoints({ signal: ctx.signal })).data;
    const byModel = new Map<string, ZdrModel>();
    for (const e of endpoints) {
      const m = byModel.get(e.model_id) ?? { id: e.model_id, name: e.model_name, endpoints: [] };
      m.endpoints.push(e);
      byModel.set(e.model_id, m);
    }
    const providers = [...new Set(endpoints.map((e) => e.provider_name))].sort();
    const total = await s.catalogue
      .list()
      .then((l) => l.length)
      .catch(() => undefined);
    const lines = [...byModel.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) =>
        dots(
          `**${short(m.name, 60)}** ${code(m.id)}`,
          m.endpoints.map((e) => e.provider_name).join(', '),
          m.endpoints[0] && priceLine(m.endpoints[0].pricing),
        ),
      );
    const named =
      providers.length > 25
        ? `${providers.slice(0, 25).join(', ')} and ${providers.length - 25} more`
        : providers.join(', ');
    const share = total ? ` of the ${total.toLocaleString('en-US')} text models` : '';
    await ctx.reply.post(
      await s.pager.open({
        text:
          endpoints.length === 0
            ? 'Zero-data-retention routing would leave **nothing** available right now.'
            : `Zero-data-retention routing (\`provider: { zdr: true }\`) leaves **${byModel.size} models**${share} on **${endpoints.length} endpoints** from ${providers.length} provider${providers.length === 1 ? '' : 's'}: ${named}.`,
        title: 'Models with zero-data-retention endpoints',
        lines,
        note: 'ZDR endpoints keep neither prompts nor completions',
        empty: 'No endpoint qualifies for zero data retention right now.',
      }),
    );
  },
});
