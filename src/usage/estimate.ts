/**
 * The amount reserved before a billable request: an upper bound an operator can check by hand.
 * - Token-priced calls (chat, messages, responses, embeddings): for the dearest model the request may use
 *   (its `model` and any `models` fallbacks), prompt price × input tokens + completion price × maximum output
 *   + per-request price. Input tokens are bounded by the request's UTF-8 bytes (a token is at least one byte;
 *   each inline image counts as IMAGE_TOKENS). Maximum output: the request's max_tokens (or
 *   max_completion_tokens / max_output_tokens), else the model's listed maximum completion, else its context.
 * - Everything else (speech, transcription, video, rerank), or a model without listed prices: the per-operation
 *   ceiling from BUDGET_CEILINGS_USD.
 */
import type { BillableKind } from './ledger.js';
import { toMicros } from './micro.js';

export const IMAGE_TOKENS = 2_000;

export interface ModelPrice {
  pricing?: { prompt: number; completion: number; request?: number };
  maxCompletionTokens?: number;
  contextLength?: number;
}

export type Ceilings = Record<BillableKind | 'default', number>;

export const DEFAULT_CEILINGS: Ceilings = {
  chat: 0.5,
  messages: 0.5,
  responses: 0.5,
  embeddings: 0.05,
  rerank: 0.05,
  speech: 0.25,
  transcription: 0.25,
  video: 5,
  default: 0.5,
};

export interface Estimate {
  micros: number;
  /** How it was made, for logs and refusals: `prices × tokens` or `ceiling`. */
  basis: 'prices' | 'ceiling';
}

type Body = Record<string, unknown>;

/** UTF-8 bytes of everything the request sends, with inline images (data: URLs) counted as IMAGE_TOKENS. */
export function inputTokenBound(body: Body): number {
  let images = 0;
  const json = JSON.stringify(body, (_key, value: unknown) => {
    if (typeof value === 'string' && value.startsWith('data:')) {
      images++;
      return '';
    }
    return value;
  });
  return Buffer.byteLength(json ?? '', 'utf8') + images * IMAGE_TOKENS;
}

function maxOutput(body: Body, price: ModelPrice): number | undefined {
  for (const name of ['max_tokens', 'max_completion_tokens', 'max_output_tokens']) {
    const value = body[name];
    if (typeof value === 'number' && value > 0) return value;
  }
  return price.maxCompletionTokens ?? price.contextLength;
}

const TOKEN_PRICED: ReadonlySet<BillableKind> = new Set(['chat', 'messages', 'responses', 'embeddings']);

export function modelsOf(body: Body): string[] {
  const list = Array.isArray(body.models)
    ? body.models.filter((m): m is string => typeof m === 'string')
    : [];
  return [...new Set([...(typeof body.model === 'string' ? [body.model] : []), ...list])];
}

/** `prices` holds the catalogue entry of each model in `modelsOf(body)` (undefined when unknown). */
export function estimateCost(
  kind: BillableKind,
  body: Body,
  prices: ReadonlyArray<ModelPrice | undefined>,
  ceilings: Ceilings,
): Estimate {
  const ceiling = { micros: toMicros(ceilings[kind] ?? ceilings.default), basis: 'ceiling' as const };
  if (!TOKEN_PRICED.has(kind) || prices.length === 0) return ceiling;
  const input = inputTokenBound(body);
  let worst = 0;
  for (const price of prices) {
    if (!price?.pricing) return ceiling;
    const out = kind === 'embeddings' ? 0 : maxOutput(body, price);
    if (out === undefined) return ceiling;
    const { prompt, completion, request = 0 } = price.pricing;
    worst = Math.max(worst, prompt * input + completion * out + request);
  }
  return { micros: toMicros(worst), basis: 'prices' };
}
