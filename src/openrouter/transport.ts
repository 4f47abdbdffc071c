/**
 * The HTTP layer of the client: one keep-alive undici Pool for OpenRouter's origin, auth and
 * attribution headers, connect / first-byte / idle timeouts, typed errors and retries. Retries
 * happen only before a 2xx response is handed out, so never after the first streamed byte.
 */
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { Pool } from 'undici';
import { type Metrics, operationOf } from '../ops/metrics.js';
import { abortedError, connectionError, createApiError, OpenRouterError, timeoutError } from './errors.js';
import type { CallOptions } from './events.js';
import { retryDelayMs, shouldRetry } from './retry.js';
import { streamedJson } from './streamed-json.js';

export interface TransportConfig {
  baseUrl: string;
  apiKey: string;
  appUrl?: string | undefined;
  appTitle?: string | undefined;
  appCategories?: readonly string[] | undefined;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  maxRetries: number;
}

export interface TransportDeps {
  logger?: Logger | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
  /** Counts every attempt by operation and status, and times it to the response headers. */
  metrics?: Metrics | undefined;
}

export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  accept?: string;
}

export type ResponseBody = AsyncIterable<Buffer> & {
  text(): Promise<string>;
  destroy(err?: Error): unknown;
};

export interface OpenResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: ResponseBody;
  requestId?: string;
  generationId?: string;
  /** Aborts this response (and the caller's signal does too). */
  controller: AbortController;
}

export interface Transport {
  send(call: HttpCall, opts?: CallOptions): Promise<OpenResponse>;
  close(): Promise<void>;
}

/** Response headers of failed attempts, kept for the retry-after lookup. */
const retryHeaders = new WeakMap<OpenRouterError, OpenResponse['headers']>();

const USER_AGENT = 'switchboard/0.1 (+https://github.com/switchboard)';
const MAX_ERROR_BODY_CHARS = 64 * 1024;

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal.reason));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal?.reason));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function firstHeader(headers: OpenResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Maps an error thrown by undici (or a body read) to a typed error. */
export function mapTransportError(
  err: unknown,
  config: TransportConfig,
  signal?: AbortSignal,
): OpenRouterError {
  if (err instanceof OpenRouterError) return err;
  if (signal?.aborted) return abortedError(signal.reason);
  const code = (err as { code?: unknown })?.code;
  const name = (err as { name?: unknown })?.name;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return timeoutError('connect', config.connectTimeoutMs);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return timeoutError('first byte', config.firstByteTimeoutMs);
  if (code === 'UND_ERR_BODY_TIMEOUT') return timeoutError('idle stream', config.idleTimeoutMs);
  if (code === 'UND_ERR_ABORTED' || name === 'AbortError') return abortedError(err);
  return connectionError(err);
}

/** Starts timing one attempt; the returned function records its status (a code, or an error kind). */
function observeAttempt(path: string, metrics: Metrics | undefined): (status: string) => void {
  if (!metrics) return () => undefined;
  const operation = operationOf(path);
  const started = performance.now();
  return (status) => {
    metrics.openrouterRequests.inc({ operation, status });
    metrics.openrouterSeconds.observe({ operation }, (performance.now() - started) / 1000);
    if (status === '429') metrics.rateLimited.inc({ source: 'openrouter' });
  };
}

export function createTransport(config: TransportConfig, deps: TransportDeps = {}): Transport {
  const base = new URL(config.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const pool = new Pool(base.origin, {
    connect: { timeout: config.connectTimeoutMs },
    keepAliveTimeout: 30_000,
    headersTimeout: config.firstByteTimeoutMs,
    bodyTimeout: config.idleTimeoutMs,
  });
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? Date.now;

  const staticHeaders: Record<string, string> = {
    authorization: `Bearer ${config.apiKey}`,
    'user-agent': USER_AGENT,
  };
  if (config.appUrl) staticHeaders['http-referer'] = config.appUrl;
  if (config.appTitle) staticHeaders['x-openrouter-title'] = config.appTitle;
  if (config.appCategories && config.appCategories.length > 0)
    staticHeaders['x-openrouter-categories'] = config.appCategories.join(',');

  function pathFor(call: HttpCall): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {}))
      if (value !== undefined) search.set(key, String(value));
    const qs = search.toString();
    return `${prefix}${call.path}${qs ? `?${qs}` : ''}`;
  }

  async function attempt(
    call: HttpCall,
    opts: CallOptions,
    controller: AbortController,
  ): Promise<OpenResponse> {
    const headers: Record<string, string> = { ...opts.headers, ...staticHeaders };
    headers.accept = call.accept ?? 'application/json';
    let payload: string | AsyncIterable<string> | undefined;
    if (call.body !== undefined) {
      // large binary fields are encoded while the body is sent (again from the same bytes on a retry)
      const streamed = streamedJson(call.body);
      if (streamed?.length !== undefined) headers['content-length'] = String(streamed.length);
      payload = streamed ? streamed.produce() : JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    let res: Awaited<ReturnType<Pool['request']>>;
    const observe = observeAttempt(call.path, deps.metrics);
    try {
      res = await pool.request({
        method: call.method,
        path: pathFor(call),
        headers,
        // undici writes an async iterable's strings to the socket as they come (typed as Readable only)
        body: payload as string | Readable | undefined,
        signal: controller.signal,
      });
    } catch (err) {
      const typed = mapTransportError(err, config, controller.signal);
      observe(typed.code.replace(/^OPENROUTER\./, '').toLowerCase());
      throw typed;
    }
    observe(String(res.statusCode));
    const out: OpenResponse = {
      status: res.statusCode,
      headers: res.headers,
      body: res.body as unknown as ResponseBody,
      controller,
    };
    const requestId = firstHeader(res.headers, 'x-request-id') ?? firstHeader(res.headers, 'cf-ray');
    const generationId = firstHeader(res.headers, 'x-generation-id');
    if (requestId) out.requestId = requestId;
    if (generationId) out.generationId = generationId;
    if (res.statusCode < 400) return out;
    let text = '';
    try {
      text = (await res.body.text()).slice(0, MAX_ERROR_BODY_CHARS);
    } catch (err) {
      throw mapTransportError(err, config, controller.signal);
    }
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* a non-JSON error page: the status alone decides */
    }
    const error = createApiError({ status: res.statusCode, body: parsed, requestId, generationId });
    retryHeaders.set(error, res.headers);
    throw error;
  }

  async function send(call: HttpCall, opts: CallOptions = {}): Promise<OpenResponse> {
    const maxRetries = opts.maxRetries ?? config.maxRetries;
    const started = now();
    for (let tries = 0; ; tries++) {
      const controller = new AbortController();
      const onAbort = () => controller.abort(opts.signal?.reason);
      if (opts.signal?.aborted) throw abortedError(opts.signal.reason);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const res = await attempt(call, opts, controller);
        res.controller.signal.addEventListener(
          'abort',
          () => opts.signal?.removeEventListener('abort', onAbort),
          { once: true },
        );
        deps.logger?.debug(
          { path: call.path, status: res.status, ms: now() - started, generationId: res.generationId, tries },
          'openrouter response',
        );
        return res;
      } catch (err) {
        opts.signal?.removeEventListener('abort', onAbort);
        const typed = mapTransportError(err, config, opts.signal);
        const delay = shouldRetry(typed, tries, maxRetries)
          ? retryDelayMs(tries, retryHeaders.get(typed), random, now())
          : undefined;
        if (delay === undefined) {
          deps.logger?.warn(
            { path: call.path, code: typed.code, status: typed.status, requestId: typed.requestId, tries },
            'openrouter call failed',
          );
          throw typed;
        }
        deps.logger?.info(
          { path: call.path, code: typed.code, status: typed.status, attempt: tries + 1, delayMs: delay },
          'openrouter retry',
        );
        await sleep(delay, opts.signal);
      }
    }
  }

  return {
    send,
    async close() {
      await pool.close();
    },
  };
}
