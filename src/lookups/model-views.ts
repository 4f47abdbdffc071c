/** How models, endpoints and video models are shown: one line in a list, a card, a field per endpoint. */
import type { Model, ModelEndpoints, PublicEndpoint } from '../openrouter/schemas/models.js';
import type { VideoModel } from '../openrouter/schemas/videos.js';
import type { Card } from '../surface/reply-surface.js';
import { code, day, dots, duration, percent, priceLine, short, tokens } from './format.js';

export const modelUrl = (id: string) => `https://openrouter.ai/${id.split(':')[0]}`;

const modality = (a: { input_modalities?: string[]; output_modalities?: string[] } | undefined) =>
  a?.input_modalities && a.output_modalities
    ? `${a.input_modalities.join('+')}→${a.output_modalities.join('+')}`
    : undefined;

/** One list line: name, id, context, price, modalities. */
export function modelLine(m: Model): string {
  const ctx = tokens(m.context_length ?? m.top_provider.context_length);
  return dots(
    `**${short(m.name, 60)}** ${code(m.id)}`,
    ctx && `${ctx} ctx`,
    priceLine(m.pricing),
    modality(m.architecture),
  );
}

/** The model card: what it is, its limits, prices and capabilities. */
export function modelCard(m: Model | ModelEndpoints): Card {
  const full = 'pricing' in m ? (m as Model) : undefined;
  const ctx = full ? tokens(full.context_length ?? full.top_provider.context_length) : undefined;
  const fields: NonNullable<Card['fields']> = [{ name: 'Id', value: code(m.id), inline: true }];
  if (ctx) fields.push({ name: 'Context', value: `${ctx} tokens`, inline: true });
  const maxOut = tokens(full?.top_provider.max_completion_tokens);
  if (maxOut) fields.push({ name: 'Max output', value: `${maxOut} tokens`, inline: true });
  if (full) fields.push({ name: 'Price', value: priceLine(full.pricing), inline: true });
  const mod = modality(m.architecture);
  if (mod) fields.push({ name: 'Modalities', value: mod, inline: true });
  if (full?.reasoning) fields.push({ name: 'Reasoning', value: 'yes', inline: true });
  fields.push({ name: 'Added', value: day(m.created), inline: true });
  if (full?.expiration_date)
    fields.push({ name: 'Expires', value: String(full.expiration_date).slice(0, 10), inline: true });
  if (full?.supported_parameters.length)
    fields.push({ name: 'Parameters', value: short(full.supported_parameters.join(', '), 600) });
  return {
    title: m.name,
    url: modelUrl(m.id),
    ...(m.description ? { description: short(m.description, 700) } : {}),
    fields,
  };
}

/** An endpoint as a field: provider, prices, limits, health; 🔒 when it retains no data (ZDR). */
export function endpointField(e: PublicEndpoint, zdr: boolean): { name: string; value: string } {
  const lat = e.latency_last_30m?.p50 ?? undefined;
  const thr = e.throughput_last_30m?.p50 ?? undefined;
  const uptime = percent(e.uptime_last_30m ?? e.uptime_last_1d ?? e.uptime_last_5m);
  const lines = [
    priceLine(e.pricing),
    dots(
      `${tokens(e.context_length) ?? '?'} ctx`,
      e.max_completion_tokens ? `max out ${tokens(e.max_completion_tokens)}` : undefined,
      e.quantization ?? undefined,
    ),
    dots(
      uptime && `uptime ${uptime}`,
      lat !== undefined && `p50 ${duration(lat)}`,
      thr !== undefined && `${Math.round(thr)} tok/s`,
      e.status !== undefined && e.status !== 0 && `status ${e.status}`,
    ),
    dots(zdr && 'no data retained (ZDR)', e.supports_implicit_caching && 'implicit caching'),
  ].filter(Boolean);
  return { name: `${zdr ? '🔒 ' : ''}${e.provider_name} (${e.tag})`, value: lines.join('\n') };
}

/** True when the ZDR list holds this endpoint (same model permaslug and provider tag). */
export function isZdr(e: PublicEndpoint, zdr: readonly PublicEndpoint[]): boolean {
  return zdr.some((z) => z.model_id === e.model_id && (z.tag === e.tag || z.name === e.name));
}

export function videoModelLine(v: VideoModel): string {
  const skus = v.pricing_skus
    ? Object.entries(v.pricing_skus)
        .map(([sku, price]) => `${sku} $${price}`)
        .join(', ')
    : undefined;
  return dots(
    `**${short(v.name, 60)}** ${code(v.id)}`,
    v.supported_resolutions?.length ? v.supported_resolutions.join('/') : undefined,
    v.supported_durations?.length ? `${v.supported_durations.join('/')} s` : undefined,
    v.generate_audio ? 'audio' : undefined,
    v.supported_frame_images?.length ? 'image-to-video' : undefined,
    skus,
  );
}

/** Price per million for list sorting (undefined = unknown, sorted last). */
export const promptPrice = (m: Model) => {
  const n = Number(m.pricing.prompt);
  return Number.isFinite(n) && n >= 0 ? n * 1_000_000 : undefined;
};
