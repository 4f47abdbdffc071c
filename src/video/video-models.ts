/**
 * The video models list (GET /videos/models), cached, and the check of /video options against
 * what the chosen model supports — done before anything is submitted, with a message that says
 * what the model does take.
 */

import { cmd } from '../command-model/command-ref.js';
import { InputError } from '../common/errors.js';
import type { OpenRouterClient, VideoModel, VideoRequest } from '../openrouter/index.js';

export interface VideoOptions {
  model: string;
  prompt: string;
  duration?: number;
  resolution?: string;
  aspectRatio?: string;
  size?: string;
  /** A first frame is attached (its URL is filled in after the check). */
  image?: boolean;
  audio?: boolean;
  seed?: number;
}

export type VideoChoiceKind = 'resolution' | 'aspect_ratio' | 'size' | 'duration';

export interface VideoModels {
  list(): Promise<VideoModel[]>;
  get(id: string): Promise<VideoModel | undefined>;
  /** Throws InputError naming every unsupported option; returns the request body (no image yet). */
  check(o: VideoOptions): Promise<VideoRequest>;
  /** Autocomplete: the values models support for an option, with the models that take each. */
  choices(kind: VideoChoiceKind, query: string): Promise<Array<{ name: string; value: string }>>;
}

const SUPPORTED: Record<VideoChoiceKind, (m: VideoModel) => ReadonlyArray<string | number> | null> = {
  resolution: (m) => m.supported_resolutions,
  aspect_ratio: (m) => m.supported_aspect_ratios,
  size: (m) => m.supported_sizes,
  duration: (m) => m.supported_durations,
};

const list = (values: ReadonlyArray<string | number>) => values.map((v) => `\`${v}\``).join(', ');

function problems(m: VideoModel, o: VideoOptions): string[] {
  const out: string[] = [];
  const pick = (kind: VideoChoiceKind, value: string | number | undefined) => {
    if (value === undefined) return;
    const allowed = SUPPORTED[kind](m);
    if (!allowed?.length) out.push(`\`${kind}\` is not an option for ${m.id}`);
    else if (!allowed.some((a) => String(a) === String(value)))
      out.push(`\`${kind}\` must be one of ${list(allowed)} for ${m.id} (got \`${value}\`)`);
  };
  pick('duration', o.duration);
  pick('resolution', o.resolution);
  pick('aspect_ratio', o.aspectRatio);
  pick('size', o.size);
  if (o.size !== undefined && (o.resolution !== undefined || o.aspectRatio !== undefined))
    out.push('give either `size` or `resolution`/`aspect_ratio`, not both');
  if (o.image && !m.supported_frame_images?.includes('first_frame'))
    out.push(`${m.id} cannot start from an image`);
  if (o.audio && m.generate_audio !== true) out.push(`${m.id} cannot generate audio`);
  if (o.seed !== undefined && m.seed !== true) out.push(`${m.id} does not take a \`seed\``);
  return out;
}

export function createVideoModels(
  config: { ttlMs?: number } = {},
  deps: { client: Pick<OpenRouterClient, 'listVideoModels'>; now?: () => number },
): VideoModels {
  const ttlMs = config.ttlMs ?? 10 * 60_000;
  const now = deps.now ?? Date.now;
  let cached: { at: number; models: Promise<VideoModel[]> } | undefined;

  function listModels(): Promise<VideoModel[]> {
    if (cached && now() - cached.at < ttlMs) return cached.models;
    const models = deps.client.listVideoModels().then((r) => r.data);
    cached = { at: now(), models };
    models.catch(() => {
      if (cached?.models === models) cached = undefined;
    });
    return models;
  }

  const get = async (id: string) => (await listModels()).find((m) => m.id === id);

  return {
    list: listModels,
    get,
    async check(o) {
      const models = await listModels();
      const m = models.find((x) => x.id === o.model);
      if (!m)
        throw new InputError(
          'INPUT.UNKNOWN_VIDEO_MODEL',
          `There is no video model \`${o.model}\`. Pick one of ${list(models.map((x) => x.id))} (see ${cmd('video models')}).`,
        );
      const found = problems(m, o);
      if (found.length > 0)
        throw new InputError('INPUT.UNSUPPORTED_VIDEO_OPTION', `Please fix: ${found.join('; ')}.`);
      return {
        model: m.id,
        prompt: o.prompt,
        ...(o.duration !== undefined ? { duration: o.duration } : {}),
        ...(o.resolution !== undefined ? { resolution: o.resolution as VideoRequest['resolution'] } : {}),
        ...(o.aspectRatio !== undefined
          ? { aspect_ratio: o.aspectRatio as VideoRequest['aspect_ratio'] }
          : {}),
        ...(o.size !== undefined ? { size: o.size } : {}),
        ...(o.audio !== undefined ? { generate_audio: o.audio } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
      };
    },
    async choices(kind, query) {
      const byValue = new Map<string, string[]>();
      for (const m of await listModels())
        for (const v of SUPPORTED[kind](m) ?? [])
          byValue.set(String(v), [...(byValue.get(String(v)) ?? []), m.id]);
      const q = query.trim().toLowerCase();
      return [...byValue]
        .filter(([v]) => v.toLowerCase().includes(q))
        .slice(0, 25)
        .map(([v, ids]) => ({
          name: `${v}${kind === 'duration' ? ' s' : ''} — ${ids.join(', ')}`,
          value: v,
        }));
    },
  };
}

/** One model as a line of `/video models`. */
export function describeVideoModel(m: VideoModel): string {
  const parts = [
    m.supported_durations?.length ? `durations ${m.supported_durations.join('/')} s` : undefined,
    m.supported_resolutions?.length ? `resolutions ${m.supported_resolutions.join(', ')}` : undefined,
    m.supported_aspect_ratios?.length ? `aspect ratios ${m.supported_aspect_ratios.join(', ')}` : undefined,
    m.supported_sizes?.length ? `sizes ${m.supported_sizes.join(', ')}` : undefined,
    m.supported_frame_images?.includes('first_frame') ? 'starts from an image' : undefined,
    m.generate_audio ? 'audio' : undefined,
    m.seed ? 'seed' : undefined,
  ].filter(Boolean);
  return `• \`${m.id}\` — ${m.name}${parts.length ? `: ${parts.join(' · ')}` : ''}`;
}
