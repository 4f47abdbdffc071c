/** Request validation before sending, and JSON response reading + validation after. */
import type { z } from 'zod';
import { RequestValidationError, ResponseValidationError } from './errors.js';
import type { ApiResult, CallOptions, ResultMeta } from './events.js';
import { formatIssues } from './schemas/validate.js';
import { type HttpCall, mapTransportError, type Transport, type TransportConfig } from './transport.js';

export function validateRequest<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RequestValidationError(what, formatIssues(parsed.error));
  return parsed.data;
}

export interface JsonCall<S extends z.ZodType, T> {
  call: HttpCall;
  schema: S;
  what: string;
  unwrap: (data: z.output<S>) => T;
  meta?: (data: z.output<S>) => Partial<ResultMeta>;
}

export async function callJson<S extends z.ZodType, T>(
  transport: Transport,
  config: TransportConfig,
  spec: JsonCall<S, T>,
  opts: CallOptions = {},
): Promise<ApiResult<T>> {
  const res = await transport.send(spec.call, opts);
  const ids = { requestId: res.requestId, generationId: res.generationId };
  let text: string;
  try {
    text = await res.body.text();
  } catch (err) {
    throw mapTransportError(err, config, opts.signal);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ResponseValidationError(spec.what, `not JSON: ${text.slice(0, 80)}`, ids);
  }
  const parsed = spec.schema.safeParse(raw);
  if (!parsed.success) throw new ResponseValidationError(spec.what, formatIssues(parsed.error), ids);
  const meta: ResultMeta = {};
  if (res.requestId) meta.requestId = res.requestId;
  if (res.generationId) meta.generationId = res.generationId;
  for (const [key, value] of Object.entries(spec.meta?.(parsed.data) ?? {}))
    if (value !== undefined && (key !== 'generationId' || !meta.generationId))
      (meta as Record<string, unknown>)[key] = value;
  return { data: spec.unwrap(parsed.data), meta };
}
