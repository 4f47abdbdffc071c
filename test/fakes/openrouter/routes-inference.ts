/** POST /chat/completions, /messages, /responses (JSON or SSE), /embeddings, /rerank. */
import { type Answer, buildAnswer, chatResult, messagesResult, responsesResult } from './answers.js';
import { type Ctx, requireFields, sendError, sendJson } from './http.js';
import type { FakeState } from './state.js';
import { framesFor, type StreamApi } from './stream-frames.js';
import { streamFrames } from './streamer.js';

const REQUIRED: Record<StreamApi, string[]> = {
  chat: ['messages'],
  messages: ['model', 'messages'],
  responses: ['input'],
};

function remember(state: FakeState, a: Answer, ctx: Ctx, api: string, streamed: boolean): void {
  state.generations.set(a.id, {
    answer: a,
    body: ctx.body,
    apiType: api,
    streamed,
    createdAt: new Date().toISOString(),
    cancelled: false,
  });
}

export async function inference(ctx: Ctx, state: FakeState, api: StreamApi): Promise<void> {
  if (!requireFields(ctx, ...REQUIRED[api])) return;
  if (!outputsAllowed(ctx, state)) return;
  const answer = buildAnswer(ctx.body, ctx.nextReply());
  const streamed = ctx.body.stream === true;
  remember(state, answer, ctx, 'completions', streamed);
  if (!streamed) {
    const body =
      api === 'chat'
        ? chatResult(answer)
        : api === 'messages'
          ? messagesResult(answer)
          : responsesResult(answer, ctx.body);
    sendJson(ctx.res, 200, body, { 'x-generation-id': answer.id });
    return;
  }
  await streamFrames(ctx, framesFor(api, answer, ctx.body), answer.id, {
    delayMs: answer.reply.chunkDelayMs ?? state.chunkDelayMs,
    hold: answer.reply.hold === true,
    waitForRelease: () => new Promise((resolve) => state.held.add(resolve)),
    onClientClose: () => {
      const record = state.generations.get(answer.id);
      if (record) record.cancelled = true;
      state.notifyClientClose();
    },
  });
}

/** Asking a catalogue model for an output modality it does not have is refused, as OpenRouter does. */
function outputsAllowed(ctx: Ctx, state: FakeState): boolean {
  const wanted = Array.isArray(ctx.body.modalities) ? (ctx.body.modalities as string[]) : [];
  const model = state.models.find((m) => m.id === ctx.body.model);
  if (!model || wanted.length === 0) return true;
  const outputs = (model.architecture as { output_modalities: string[] }).output_modalities;
  const missing = wanted.filter((m) => !outputs.includes(m) && m !== 'text');
  if (missing.length === 0) return true;
  sendError(
    ctx,
    404,
    `No endpoints found that support the requested output modalities: ${wanted.join(', ')}`,
  );
  return false;
}

/** A deterministic unit vector from the text, so equal texts embed equally and similar ones are close. */
export function fakeEmbedding(text: string, dimensions = 16): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let hash = 2166136261;
    for (const ch of word) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619);
    vector[Math.abs(hash) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => Number((v / norm).toFixed(6)));
}

export function embeddings(ctx: Ctx, state: FakeState): void {
  if (!requireFields(ctx, 'model', 'input')) return;
  const input = ctx.body.input;
  const texts =
    typeof input === 'string'
      ? [input]
      : Array.isArray(input)
        ? input.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
        : [];
  const dims = typeof ctx.body.dimensions === 'number' ? ctx.body.dimensions : 16;
  const tokens = texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
  const id = `gen-emb-${state.generations.size + 1}`;
  sendJson(
    ctx.res,
    200,
    {
      object: 'list',
      id,
      model: ctx.body.model,
      data: texts.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: fakeEmbedding(text, dims),
      })),
      usage: { prompt_tokens: tokens, total_tokens: tokens, cost: tokens * 0.00000002 },
    },
    { 'x-generation-id': id },
  );
}

export function rerank(ctx: Ctx): void {
  if (!requireFields(ctx, 'model', 'query', 'documents')) return;
  const query = new Set(String(ctx.body.query).toLowerCase().split(/\W+/).filter(Boolean));
  const docs = (ctx.body.documents as unknown[]).map((d) =>
    typeof d === 'string' ? { text: d } : (d as { text?: string }),
  );
  const scored = docs.map((document, index) => {
    const words = (document.text ?? '').toLowerCase().split(/\W+/).filter(Boolean);
    const hits = words.filter((w) => query.has(w)).length;
    return {
      index,
      relevance_score: Number((hits / Math.max(1, words.length) + 1 / (index + 10)).toFixed(6)),
      document,
    };
  });
  scored.sort((a, b) => b.relevance_score - a.relevance_score);
  const topN = typeof ctx.body.top_n === 'number' ? ctx.body.top_n : scored.length;
  sendJson(ctx.res, 200, {
    id: `gen-rr-${Date.now()}`,
    model: ctx.body.model,
    provider: 'Cohere',
    results: scored.slice(0, topN),
    usage: { total_tokens: docs.length * 10, search_units: 1, cost: 0.002 },
  });
}
