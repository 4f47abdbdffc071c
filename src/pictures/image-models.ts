/**
 * Which models can make pictures and what each accepts: the catalogue's image-output models (for
 * autocomplete) and GET /images/models' supported parameters (aspect ratios, resolution tiers),
 * cached for ten minutes. /imagine options are checked here before any billable request.
 * Errors: InputError INPUT.NOT_AN_IMAGE_MODEL, INPUT.UNSUPPORTED_OPTION.
 */

import { InputError } from '../common/errors.js';
import type { ModelCatalogue, ModelInfo } from '../models/catalogue.js';
import type { Capability, ImageModel, OpenRouterClient } from '../openrouter/index.js';

export type ImageChoiceKind = 'aspect_ratio' | 'size';

export interface ImageOptions {
  aspectRatio?: string;
  /** A resolution tier (1K, 2K, 4K). */
  size?: string;
  /** With an image to change. */
  edit?: boolean;
}

export interface ImageModels {
  /** Catalogue models that answer with images, matching the query (autocomplete). */
  search(query: string): Promise<Array<{ name: string; value: string }>>;
  /** Values of an option across image models, with the models that take each. */
  choices(kind: ImageChoiceKind, query: string): Promise<Array<{ name: string; value: string }>>;
  /** The model, checked to make images and to accept the options; throws an InputError otherwise. */
  check(modelId: string, options: ImageOptions): Promise<ModelInfo>;
}

/** The /images/models parameter that holds each option's values. */
const PARAMETER: Record<ImageChoiceKind, readonly string[]> = {
  aspect_ratio: ['aspect_ratio'],
  size: ['resolution', 'image_size', 'size'],
};

const valuesOf = (cap: Capability | undefined): string[] | undefined =>
  cap && cap.type === 'enum' && Array.isArray((cap as { values?: unknown }).values)
    ? (cap as { values: string[] }).values
    : undefined;

function allowed(m: ImageModel | undefined, kind: ImageChoiceKind): string[] | undefined {
  for (const name of PARAMETER[kind]) {
    const values = valuesOf(m?.supported_parameters[name]);
    if (values) return values;
  }
  return undefined;
}

export const makesImages = (m: ModelInfo) => (m.outputModalities ?? []).includes('image');

export function createImageModels(
  client: Pick<OpenRouterClient, 'listImageModels'>,
  catalogue: ModelCatalogue,
  deps: { now?: () => number; ttlMs?: number } = {},
): ImageModels {
  const now = deps.now ?? Date.now;
  let cached: { at: number; models: Promise<ImageModel[]> } | undefined;
  const imageModels = () => {
    if (!cached || now() - cached.at > (deps.ttlMs ?? 10 * 60 * 1000)) {
      const models = client.listImageModels().then((r) => r.data);
      cached = { at: now(), models };
      models.catch(() => {
        if (cached?.models === models) cached = undefined;
      });
    }
    return cached.models;
  };

  return {
    async search(query) {
      const q = query.trim().toLowerCase();
      return (await catalogue.list())
        .filter((m) => makesImages(m) && `${m.id} ${m.name}`.toLowerCase().includes(q))
        .slice(0, 25)
        .map((m) => ({ name: `${m.id} — ${m.name}`.slice(0, 100), value: m.id }));
    },
    async choices(kind, query) {
      const byValue = new Map<string, string[]>();
      for (const m of await imageModels())
        for (const v of allowed(m, kind) ?? []) byValue.set(v, [...(byValue.get(v) ?? []), m.id]);
      const q = query.trim().toLowerCase();
      return [...byValue]
        .filter(([v]) => v.toLowerCase().includes(q))
        .slice(0, 25)
        .map(([v, ids]) => ({ name: `${v} — ${ids.join(', ')}`.slice(0, 100), value: v }));
    },
    async check(modelId, options) {
      const info = await catalogue.get(modelId);
      if (!info || !makesImages(info))
        throw new InputError(
          'INPUT.NOT_AN_IMAGE_MODEL',
          `\`${modelId}\` does not make images. Pick one of the models /imagine suggests (image output).`,
        );
      if (options.edit && !info.inputModalities.includes('image'))
        throw new InputError(
          'INPUT.UNSUPPORTED_OPTION',
          `${info.id} cannot take an image to change. Leave \`image\` empty or pick a model that reads images.`,
        );
      const wanted: Array<[ImageChoiceKind, string | undefined]> = [
        ['aspect_ratio', options.aspectRatio],
        ['size', options.size],
      ];
      if (wanted.every(([, v]) => v === undefined)) return info;
      const described = (await imageModels()).find((m) => m.id === info.id);
      const problems = wanted.flatMap(([kind, value]) => {
        if (value === undefined) return [];
        const values = allowed(described, kind);
        if (!values) return [`\`${kind}\` is not an option for ${info.id}`];
        if (!values.includes(value))
          return [
            `\`${kind}\` must be one of ${values.map((v) => `\`${v}\``).join(', ')} for ${info.id} (got \`${value}\`)`,
          ];
        return [];
      });
      if (problems.length > 0)
        throw new InputError('INPUT.UNSUPPORTED_OPTION', `${problems.join('; ')}. Nothing was generated.`);
      return info;
    },
  };
}
