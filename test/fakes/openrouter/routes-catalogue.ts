/** GET routes over the catalogue and the generations the fake made. */
import { endpointsFor, imageModelsOf, PROVIDERS } from './fixtures.js';
import { type Ctx, sendError, sendJson } from './http.js';
import type { FakeState } from './state.js';

type Model = Record<string, unknown>;

const outputs = (m: Model) => (m.architecture as { output_modalities: string[] }).output_modalities;
const inputs = (m: Model) => (m.architecture as { input_modalities: string[] }).input_modalities;
const list = (value: string | null) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/** Applies the documented query filters (output_modalities defaults to text). */
export function filterModels(state: FakeState, query: URLSearchParams): Model[] {
  const out = list(query.get('output_modalities') ?? 'text');
  const inp = list(query.get('input_modalities'));
  const params = list(query.get('supported_parameters'));
  const q = (query.get('q') ?? '').toLowerCase();
  const context = Number(query.get('context') ?? 0);
  let models = state.models.filter(
    (m) =>
      (out.includes('all') || out.some((o) => outputs(m).includes(o))) &&
      inp.every((i) => inputs(m).includes(i)) &&
      params.every((p) => (m.supported_parameters as string[]).includes(p)) &&
      (!q || `${m.id as string} ${m.name as string}`.toLowerCase().includes(q)) &&
      ((m.context_length as number | null) ?? 0) >= context,
  );
  if (query.get('sort') === 'context-high-to-low')
    models = [...models].sort(
      (a, b) => ((b.context_length as number) ?? 0) - ((a.context_length as number) ?? 0),
    );
  return models;
}

function page(ctx: Ctx, models: Model[]): void {
  const offset = Number(ctx.url.searchParams.get('offset') ?? 0);
  const limitParam = ctx.url.searchParams.get('limit');
  const limit = limitParam === null ? models.length : Number(limitParam);
  if (
    !Number.isInteger(offset) ||
    offset < 0 ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > Math.max(1000, models.length)
  ) {
    sendError(ctx, 400, 'Invalid offset or limit');
    return;
  }
  const data = models.slice(offset, offset + limit);
  const nextOffset = offset + limit;
  sendJson(ctx.res, 200, {
    data,
    total_count: models.length,
    links: { next: nextOffset < models.length ? `/api/v1/models?offset=${nextOffset}&limit=${limit}` : null },
  });
}

export const models = (ctx: Ctx, state: FakeState) => page(ctx, filterModels(state, ctx.url.searchParams));
export const userModels = (ctx: Ctx, state: FakeState) =>
  page(ctx, filterModels(state, new URLSearchParams()));
export const embeddingModels = (ctx: Ctx, state: FakeState) =>
  page(
    ctx,
    state.models.filter((m) => outputs(m).includes('embeddings')),
  );

export function countModels(ctx: Ctx, state: FakeState): void {
  const query = new URLSearchParams();
  const out = ctx.url.searchParams.get('output_modalities');
  if (out) query.set('output_modalities', out);
  sendJson(ctx.res, 200, { data: { count: filterModels(state, query).length } });
}

function findModel(ctx: Ctx, state: FakeState): Model | undefined {
  const id = `${ctx.params[0]}/${ctx.params[1]}`;
  return state.models.find((m) => m.id === id || m.canonical_slug === id);
}

export function model(ctx: Ctx, state: FakeState): void {
  const found = findModel(ctx, state);
  if (!found) {
    sendError(ctx, 404, `Model ${ctx.params[0]}/${ctx.params[1]} not found`);
    return;
  }
  sendJson(ctx.res, 200, { data: found });
}

export function endpoints(ctx: Ctx, state: FakeState): void {
  const found = findModel(ctx, state);
  if (!found) {
    sendError(ctx, 404, `Model ${ctx.params[0]}/${ctx.params[1]} not found`);
    return;
  }
  sendJson(ctx.res, 200, {
    data: {
      id: found.id,
      name: found.name,
      created: found.created,
      description: found.description ?? '',
      architecture: found.architecture,
      endpoints: endpointsFor(found),
    },
  });
}

export function zdrEndpoints(ctx: Ctx, state: FakeState): void {
  const data = state.models
    .filter((m) => outputs(m).includes('text'))
    .flatMap((m) => endpointsFor(m).filter((e) => e.tag === 'openai'));
  sendJson(ctx.res, 200, { data });
}

export const providers = (ctx: Ctx) => sendJson(ctx.res, 200, { data: PROVIDERS });

/** The generation named by `?id=`, or undefined once a 400/404 was sent. */
function findGeneration(ctx: Ctx, state: FakeState) {
  const id = ctx.url.searchParams.get('id');
  if (!id) return void sendError(ctx, 400, 'Invalid request: id is required');
  const g = state.generations.get(id);
  if (!g) return void sendError(ctx, 404, `Generation ${id} not found`);
  return g;
}

export function generation(ctx: Ctx, state: FakeState): void {
  const g = findGeneration(ctx, state);
  if (!g) return;
  const a = g.answer;
  sendJson(ctx.res, 200, {
    data: {
      id: a.id,
      upstream_id: `chatcmpl-${a.id.slice(4)}`,
      total_cost: a.usage.cost,
      usage: a.usage.cost,
      cache_discount: null,
      upstream_inference_cost: null,
      created_at: g.createdAt,
      model: a.model,
      app_id: null,
      streamed: g.streamed,
      cancelled: g.cancelled,
      provider_name: a.provider,
      latency: 420,
      moderation_latency: null,
      generation_time: 1200,
      finish_reason: a.finishReason,
      native_finish_reason: a.finishReason,
      tokens_prompt: a.usage.prompt_tokens,
      tokens_completion: a.usage.completion_tokens,
      native_tokens_prompt: a.usage.prompt_tokens,
      native_tokens_completion: a.usage.completion_tokens,
      native_tokens_completion_images: null,
      native_tokens_reasoning: Math.ceil(a.reasoning.length / 4),
      native_tokens_cached: 0,
      num_media_prompt: null,
      num_input_audio_prompt: null,
      num_media_completion: null,
      num_search_results: null,
      num_fetches: null,
      origin: 'https://switchboard.example',
      is_byok: false,
      api_type: g.apiType,
      external_user: null,
      http_referer: null,
      user_agent: null,
      router: null,
      preset_id: null,
      service_tier: null,
      web_search_engine: null,
      workspace_id: null,
      data_region: 'global',
      provider_responses: [{ status: 200, provider_name: a.provider, latency: 420, is_byok: false }],
    },
  });
}

export function generationContent(ctx: Ctx, state: FakeState): void {
  const g = findGeneration(ctx, state);
  if (!g) return;
  const input = Array.isArray(g.body.messages)
    ? { messages: g.body.messages }
    : { prompt: typeof g.body.input === 'string' ? g.body.input : JSON.stringify(g.body.input ?? '') };
  sendJson(ctx.res, 200, {
    data: {
      input,
      output: { completion: g.answer.text, reasoning: g.answer.reasoning || null },
      error: null,
    },
  });
}

/** GET /images/models: the catalogue's image-output models with their supported parameters. */
export function imageModels(ctx: Ctx, state: FakeState): void {
  sendJson(ctx.res, 200, { data: imageModelsOf(state.models) });
}
