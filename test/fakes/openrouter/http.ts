/** Small HTTP helpers of the fake: JSON answers, error envelopes, request context. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueuedReply } from './answers.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** Set when the client closed the connection before the response was complete. */
  clientClosedEarly: boolean;
  at: number;
}

export type Fault =
  | {
      kind: 'status';
      status: number;
      retryAfterSeconds?: number;
      retryAfterMs?: number;
      message?: string;
      metadata?: Record<string, unknown>;
    }
  | { kind: 'reset-before-headers' }
  | { kind: 'reset-mid-stream'; afterChunks?: number }
  | { kind: 'stall'; afterChunks?: number }
  /** After some chunks, only `: OPENROUTER PROCESSING` comments every `everyMs` until the client leaves. */
  | { kind: 'comments-only'; afterChunks?: number; everyMs?: number }
  | { kind: 'malformed-chunk'; afterChunks?: number }
  | { kind: 'mid-stream-error'; afterChunks?: number; code?: number; message?: string };

export type StreamFault = Exclude<Fault, { kind: 'status' } | { kind: 'reset-before-headers' }>;

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path below /api/v1. */
  path: string;
  params: string[];
  body: Record<string, unknown>;
  record: RecordedRequest;
  /** A stream fault that applies to this request if it streams. */
  streamFault: StreamFault | undefined;
  nextReply(): QueuedReply | undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_${Math.random().toString(36).slice(2, 12)}`,
    ...headers,
  });
  res.end(text);
}

/** OpenRouter's envelope, or the Anthropic one for /messages. */
export function sendError(
  ctx: Pick<Ctx, 'res' | 'path'>,
  status: number,
  message: string,
  metadata?: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (ctx.path === '/messages') {
    const type = ANTHROPIC_TYPES[status] ?? 'api_error';
    sendJson(
      ctx.res,
      status,
      { type: 'error', error: { type, message }, request_id: `req_${Date.now()}` },
      headers,
    );
    return;
  }
  sendJson(
    ctx.res,
    status,
    { error: { code: status, message, ...(metadata ? { metadata } : {}) }, user_id: null },
    headers,
  );
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
  529: 'overloaded_error',
};

export const STATUS_MESSAGES: Record<number, string> = {
  400: 'Invalid request',
  401: 'User not found.',
  402: 'Insufficient credits. Add more using https://openrouter.ai/credits',
  403: 'Your input was flagged for "harassment".',
  404: 'No endpoints found that support this request.',
  408: 'Request timed out',
  413: 'Request payload too large',
  422: 'Unprocessable request',
  429: 'Rate limit exceeded: free-models-per-min.',
  500: 'Internal Server Error',
  502: 'Provider returned error',
  503: 'No instances available',
  524: 'Provider timed out',
  529: 'Provider is overloaded',
};

export const DEFAULT_METADATA: Record<number, Record<string, unknown>> = {
  403: {
    reasons: ['harassment'],
    flagged_input: 'you are...terrible',
    provider_name: 'OpenAI',
    model_slug: 'openai/gpt-4o-mini',
  },
  429: { error_type: 'rate_limit_exceeded' },
  502: { provider_name: 'OpenAI', error_type: 'provider_unavailable' },
  529: { provider_name: 'Anthropic', error_type: 'provider_overloaded' },
};

export async function readBody(req: IncomingMessage): Promise<{ raw: Buffer; json: unknown }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { raw, json: undefined };
  if (!(req.headers['content-type'] ?? '').includes('json')) return { raw, json: undefined };
  try {
    return { raw, json: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { raw, json: Symbol.for('invalid-json') };
  }
}

/** `field` problems as the real API reports them (400 with a message). */
export function requireFields(ctx: Ctx, ...fields: string[]): boolean {
  const missing = fields.filter((f) => {
    const value = ctx.body[f];
    return (
      value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
    );
  });
  if (missing.length === 0) return true;
  sendError(ctx, 400, `Invalid request: ${missing.map((f) => `${f} is required`).join(', ')}`);
  return false;
}
