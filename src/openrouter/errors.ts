/**
 * Typed OpenRouter errors and the one factory that maps an HTTP status plus OpenRouter's (or the
 * Anthropic-style) error envelope to them. User messages say what happened and what to do; they
 * never contain the API key or request headers.
 */
import { SwitchboardError } from '../common/errors.js';
import { redactSecrets } from '../common/redact.js';

export interface OpenRouterErrorDetails {
  status?: number;
  requestId?: string;
  generationId?: string;
  /** Upstream message (from the error envelope), for logs. */
  upstreamMessage?: string;
  /** `error.metadata`: provider_name, error_type, reasons, flagged_input, … */
  metadata?: Record<string, unknown>;
  retryable?: boolean;
  cause?: unknown;
}

export class OpenRouterError extends SwitchboardError {
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly generationId: string | undefined;
  readonly upstreamMessage: string | undefined;
  readonly metadata: Record<string, unknown> | undefined;
  readonly retryable: boolean;

  constructor(code: `OPENROUTER.${string}`, text: string, details: OpenRouterErrorDetails = {}) {
    // upstream bodies can echo what was sent (an API key in a header): never keep a secret-shaped part
    const userMessage = redactSecrets(text);
    const upstream = details.upstreamMessage ? redactSecrets(details.upstreamMessage) : undefined;
    const logText = upstream ? `${code}: ${upstream}` : `${code}: ${userMessage}`;
    super(code, userMessage, { cause: details.cause, message: logText });
    this.status = details.status;
    this.requestId = details.requestId;
    this.generationId = details.generationId;
    this.upstreamMessage = upstream;
    this.metadata = details.metadata;
    this.retryable = details.retryable ?? false;
  }
}

/** A response body that does not match the documented schema. */
export class ResponseValidationError extends OpenRouterError {
  constructor(what: string, problems: string, details: OpenRouterErrorDetails = {}) {
    super(
      'OPENROUTER.BAD_RESPONSE',
      `OpenRouter sent an answer we could not read (${what}). Please try again; if it keeps happening, try another model.`,
      { ...details, upstreamMessage: `${what}: ${problems}` },
    );
  }
}

/** A request rejected by our own schema before anything was sent. */
export class RequestValidationError extends OpenRouterError {
  constructor(what: string, problems: string) {
    super('OPENROUTER.INVALID_REQUEST', `That request is not valid for OpenRouter (${what}: ${problems}).`, {
      upstreamMessage: `${what}: ${problems}`,
    });
  }
}

interface StatusInfo {
  code: `OPENROUTER.${string}`;
  text: string;
  retryable: boolean;
}

const STATUS: Record<number, StatusInfo> = {
  400: { code: 'OPENROUTER.BAD_REQUEST', text: 'OpenRouter rejected the request', retryable: false },
  401: {
    code: 'OPENROUTER.UNAUTHORIZED',
    text: 'OpenRouter did not accept the API key. An admin should check OPENROUTER_API_KEY',
    retryable: false,
  },
  402: {
    code: 'OPENROUTER.INSUFFICIENT_CREDITS',
    text: 'The OpenRouter account is out of credits. An admin can add credits at https://openrouter.ai/settings/credits',
    retryable: false,
  },
  403: {
    code: 'OPENROUTER.MODERATION',
    text: 'OpenRouter refused this request (moderation or a guardrail)',
    retryable: false,
  },
  404: {
    code: 'OPENROUTER.NOT_FOUND',
    text: 'OpenRouter could not find that (check the model id, or pick another model)',
    retryable: false,
  },
  408: { code: 'OPENROUTER.TIMEOUT', text: 'OpenRouter timed out. Please try again', retryable: true },
  409: {
    code: 'OPENROUTER.CONFLICT',
    text: 'OpenRouter reported a conflict. Please try again',
    retryable: true,
  },
  413: {
    code: 'OPENROUTER.PAYLOAD_TOO_LARGE',
    text: 'The request is too large for OpenRouter. Send less text or smaller files',
    retryable: false,
  },
  422: {
    code: 'OPENROUTER.UNPROCESSABLE',
    text: 'OpenRouter could not process the request with these parameters',
    retryable: false,
  },
  429: {
    code: 'OPENROUTER.RATE_LIMITED',
    text: 'OpenRouter is rate limiting us right now. Wait a minute and try again, or pick another model',
    retryable: true,
  },
  500: {
    code: 'OPENROUTER.SERVER_ERROR',
    text: 'OpenRouter had an internal error. Please try again',
    retryable: true,
  },
  502: {
    code: 'OPENROUTER.PROVIDER_ERROR',
    text: 'The model provider returned an error. Try again, or pick another model',
    retryable: true,
  },
  503: {
    code: 'OPENROUTER.UNAVAILABLE',
    text: 'No provider is available for this model right now. Try again later, or pick another model',
    retryable: true,
  },
  524: {
    code: 'OPENROUTER.PROVIDER_TIMEOUT',
    text: 'The model provider took too long to answer. Try again, or pick a faster model',
    retryable: true,
  },
  529: {
    code: 'OPENROUTER.OVERLOADED',
    text: 'The model provider is overloaded. Try again in a moment, or pick another model',
    retryable: true,
  },
};

/** Anthropic error types (used by /messages) → the status they stand for. */
const ANTHROPIC_TYPES: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 524,
  overloaded_error: 529,
};

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export interface ParsedEnvelope {
  status?: number;
  message?: string;
  metadata?: Record<string, unknown>;
  requestId?: string;
}

/** Reads either envelope: `{error:{code,message,metadata}}` or `{type:'error', error:{type,message}, request_id}`. */
export function parseErrorEnvelope(body: unknown): ParsedEnvelope {
  const root = record(body);
  const error = record(root?.error);
  if (!error) return {};
  const metadata = record(error.metadata);
  const parsed: ParsedEnvelope = { message: str(error.message) };
  if (metadata) parsed.metadata = metadata;
  if (typeof error.code === 'number') parsed.status = error.code;
  else if (typeof error.http_status === 'number') parsed.status = error.http_status;
  else if (typeof error.type === 'string' && ANTHROPIC_TYPES[error.type])
    parsed.status = ANTHROPIC_TYPES[error.type];
  const requestId = str(root?.request_id);
  if (requestId) parsed.requestId = requestId;
  if (typeof error.error_type === 'string')
    parsed.metadata = { ...parsed.metadata, error_type: error.error_type };
  return parsed;
}

function statusInfo(status: number): StatusInfo {
  const known = STATUS[status];
  if (known) return known;
  if (status >= 500) return { ...STATUS[500]!, code: 'OPENROUTER.SERVER_ERROR' };
  return {
    code: 'OPENROUTER.BAD_REQUEST',
    text: `OpenRouter answered with status ${status}`,
    retryable: false,
  };
}

function detailSuffix(status: number, env: ParsedEnvelope): string {
  const meta = env.metadata ?? {};
  const reasons = Array.isArray(meta.reasons) ? meta.reasons.filter((r) => typeof r === 'string') : [];
  const provider = str(meta.provider_name);
  const parts: string[] = [];
  if (status === 403 && reasons.length > 0) parts.push(`flagged for: ${reasons.join(', ')}`);
  if (provider) parts.push(`provider: ${provider}`);
  if ((status === 400 || status === 422 || status === 404) && env.message) parts.push(env.message);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}

export interface ApiErrorInput {
  status: number;
  body: unknown;
  requestId?: string;
  generationId?: string;
}

/** The one factory: HTTP status + envelope → typed error. */
export function createApiError(input: ApiErrorInput): OpenRouterError {
  const env = parseErrorEnvelope(input.body);
  const info = statusInfo(input.status);
  const text = `${info.text}${detailSuffix(input.status, env)}.`;
  return new OpenRouterError(info.code, clip(text), {
    status: input.status,
    requestId: input.requestId ?? env.requestId,
    generationId: input.generationId,
    upstreamMessage: env.message,
    metadata: env.metadata,
    retryable: info.retryable,
  });
}

/** An error object received inside a stream after the HTTP status was already 200. */
export function createStreamError(body: unknown, ids: { requestId?: string; generationId?: string }) {
  const env = parseErrorEnvelope(body);
  const provider = str(env.metadata?.provider_name);
  const why = env.message ? `: ${env.message}` : '';
  return new OpenRouterError(
    'OPENROUTER.STREAM_ERROR',
    clip(
      `The answer was cut off by an upstream error${provider ? ` from ${provider}` : ''}${why}. The text so far is kept; try again or pick another model.`,
    ),
    { ...ids, status: env.status, upstreamMessage: env.message, metadata: env.metadata },
  );
}

export function connectionError(cause: unknown): OpenRouterError {
  return new OpenRouterError(
    'OPENROUTER.CONNECTION',
    'Could not reach OpenRouter (connection failed). Please try again in a moment.',
    { cause, retryable: true, upstreamMessage: cause instanceof Error ? cause.message : undefined },
  );
}

export function timeoutError(phase: 'connect' | 'first byte' | 'idle stream', ms: number): OpenRouterError {
  return new OpenRouterError(
    'OPENROUTER.TIMEOUT',
    `OpenRouter did not answer in time (${phase}, ${Math.round(ms / 1000)} s). Please try again, or pick a faster model.`,
    { retryable: phase !== 'idle stream', upstreamMessage: `${phase} timeout after ${ms} ms` },
  );
}

export function abortedError(reason?: unknown): OpenRouterError {
  return new OpenRouterError('OPENROUTER.ABORTED', 'Stopped.', { cause: reason });
}

export function bodyTooLargeError(maxBytes: number): OpenRouterError {
  return new OpenRouterError(
    'OPENROUTER.BODY_TOO_LARGE',
    `The file from OpenRouter is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit, so it was not sent.`,
  );
}

function clip(text: string): string {
  return text.length > 600 ? `${text.slice(0, 597)}...` : text;
}
