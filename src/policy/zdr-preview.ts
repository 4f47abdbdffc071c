/**
 * What forcing zero-data-retention routing costs in model choice: how many endpoints and models
 * qualify (GET /endpoints/zdr against the model catalogue), and whether the models in use here do.
 * An endpoint belongs to a model when its permaslug is the model id (or a dated `id-2024-…` form)
 * or its model name is the catalogue's name for the id.
 */
import { cmd } from '../command-model/command-ref.js';
import type { ModelCatalogue, ModelInfo } from '../models/catalogue.js';
import type { OpenRouterClient, PublicEndpoint } from '../openrouter/index.js';

function serves(e: PublicEndpoint, m: Pick<ModelInfo, 'id' | 'name'>): boolean {
  return e.model_id === m.id || e.model_id.startsWith(`${m.id}-`) || e.model_name === m.name;
}

const pct = (a: number, b: number) => (b > 0 ? ` (${Math.round((a / b) * 100)} %)` : '');

/** Markdown lines for the admin; never throws (a failed lookup is said in the text). */
export async function zdrPreview(
  deps: { client: OpenRouterClient; catalogue: ModelCatalogue },
  inUse: readonly string[],
): Promise<string> {
  let endpoints: PublicEndpoint[];
  try {
    endpoints = (await deps.client.listZdrEndpoints()).data;
  } catch {
    return `-# Could not fetch the list of ZDR endpoints from OpenRouter just now; try ${cmd('config zdr preview')} later.`;
  }
  const models = await deps.catalogue.list().catch(() => [] as ModelInfo[]);
  const providers = new Set(endpoints.map((e) => e.provider_name));
  const covered = models.filter((m) => endpoints.some((e) => serves(e, m)));
  const lines = [
    `**What it costs in model choice:** ${endpoints.length} ZDR endpoints from ${providers.size} provider${providers.size === 1 ? '' : 's'} qualify, ` +
      `serving ${covered.length} of ${models.length} models${pct(covered.length, models.length)}. Everything else is refused by OpenRouter while ZDR is on.`,
  ];
  for (const id of [...new Set(inUse)]) {
    const info = models.find((m) => m.id === id) ?? { id, name: id };
    lines.push(
      endpoints.some((e) => serves(e, info))
        ? `✅ \`${id}\` has a ZDR endpoint`
        : `❌ \`${id}\` has no ZDR endpoint: requests with it will fail; pick another with ${cmd('model set')}`,
    );
  }
  lines.push(
    `-# Speech, transcription and video endpoints take no routing preferences in OpenRouter’s API: the flags are sent, but ZDR is not guaranteed there. Restrict those commands with ${cmd('config permit')} if you need a guarantee.`,
  );
  return lines.join('\n');
}
