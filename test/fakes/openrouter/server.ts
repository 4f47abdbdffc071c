/** The fake's HTTP server: routing, auth, request recording and fault injection. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Ctx,
  DEFAULT_METADATA,
  type Fault,
  type RecordedRequest,
  readBody,
  STATUS_MESSAGES,
  type StreamFault,
  sendError,
} from './http.js';
import * as catalogue from './routes-catalogue.js';
import { embeddings, inference, rerank } from './routes-inference.js';
import * as media from './routes-media.js';
import type { FakeState } from './state.js';

type Handler = (ctx: Ctx, state: FakeState) => void | Promise<void>;
interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
  /** Catalogue GETs work without a key (as documented); a wrong key is still refused. */
  public?: boolean;
}

const SEG = '([^/]+)';
const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/chat\/completions$/, handler: (c, s) => inference(c, s, 'chat') },
  { method: 'POST', pattern: /^\/messages$/, handler: (c, s) => inference(c, s, 'messages') },
  { method: 'POST', pattern: /^\/responses$/, handler: (c, s) => inference(c, s, 'responses') },
  { method: 'POST', pattern: /^\/embeddings$/, handler: embeddings },
  { method: 'POST', pattern: /^\/rerank$/, handler: rerank },
  { method: 'POST', pattern: /^\/audio\/speech$/, handler: media.speech },
  { method: 'POST', pattern: /^\/audio\/transcriptions$/, handler: media.transcription },
  { method: 'POST', pattern: /^\/videos$/, handler: media.createVideo },
  { method: 'GET', pattern: /^\/videos\/models$/, handler: media.videoModels, public: true },
  { method: 'GET', pattern: new RegExp(`^/videos/${SEG}/content$`), handler: media.videoContent },
  { method: 'GET', pattern: new RegExp(`^/videos/${SEG}$`), handler: media.getVideo },
  { method: 'GET', pattern: /^\/images\/models$/, handler: catalogue.imageModels, public: true },
  { method: 'GET', pattern: /^\/generation$/, handler: catalogue.generation },
  { method: 'GET', pattern: /^\/generation\/content$/, handler: catalogue.generationContent },
  { method: 'GET', pattern: /^\/models$/, handler: catalogue.models, public: true },
  { method: 'GET', pattern: /^\/models\/count$/, handler: catalogue.countModels, public: true },
  { method: 'GET', pattern: /^\/models\/user$/, handler: catalogue.userModels },
  { method: 'GET', pattern: /^\/embeddings\/models$/, handler: catalogue.embeddingModels, public: true },
  {
    method: 'GET',
    pattern: new RegExp(`^/models/${SEG}/${SEG}/endpoints$`),
    handler: catalogue.endpoints,
    public: true,
  },
  { method: 'GET', pattern: /^\/endpoints\/zdr$/, handler: catalogue.zdrEndpoints, public: true },
  { method: 'GET', pattern: /^\/providers$/, handler: catalogue.providers, public: true },
  { method: 'GET', pattern: new RegExp(`^/model/${SEG}/${SEG}$`), handler: catalogue.model, public: true },
];

export interface PendingFault {
  fault: Fault;
  remaining: number;
  path?: string | undefined;
}

export interface ServerHooks {
  state: FakeState;
  requests: RecordedRequest[];
  faults: PendingFault[];
  onRequest(record: RecordedRequest): void;
}

const PREFIX = '/api/v1';

function takeFault(faults: PendingFault[], path: string, streaming: boolean): Fault | undefined {
  const index = faults.findIndex(
    (f) =>
      f.remaining > 0 &&
      (f.path === undefined || f.path === path) &&
      (streaming || f.fault.kind === 'status' || f.fault.kind === 'reset-before-headers'),
  );
  if (index === -1) return undefined;
  const pending = faults[index] as PendingFault;
  pending.remaining--;
  if (pending.remaining === 0) faults.splice(index, 1);
  return pending.fault;
}

function authorized(req: IncomingMessage, apiKey: string | undefined): boolean | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer (.+)$/.exec(header);
  if (!match) return false;
  return apiKey === undefined || match[1] === apiKey;
}

async function handle(req: IncomingMessage, res: ServerResponse, hooks: ServerHooks): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname;
  const { raw, json } = await readBody(req);
  const record: RecordedRequest = {
    method: req.method ?? 'GET',
    path,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
    ),
    body: json ?? (raw.length > 0 ? { bytes: raw.length } : undefined),
    clientClosedEarly: false,
    at: Date.now(),
  };
  hooks.requests.push(record);
  hooks.onRequest(record);
  const ctxBase = { res, path };
  if (!url.pathname.startsWith(PREFIX)) return sendError(ctxBase, 404, 'Not Found');
  if (json === Symbol.for('invalid-json')) return sendError(ctxBase, 400, 'Invalid JSON in request body');
  const body = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const fault = takeFault(hooks.faults, path, body.stream === true);
  if (fault?.kind === 'reset-before-headers') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
    if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
    const message = fault.message ?? STATUS_MESSAGES[fault.status] ?? 'Error';
    return sendError(
      ctxBase,
      fault.status,
      message,
      fault.metadata ?? DEFAULT_METADATA[fault.status],
      headers,
    );
  }
  let params: string[] = [];
  const route = ROUTES.find((r) => {
    if (r.method !== req.method) return false;
    const m = r.pattern.exec(path);
    if (m) params = m.slice(1).map(decodeURIComponent);
    return m !== null;
  });
  if (!route) return sendError(ctxBase, 404, `No route for ${req.method} ${path}`);
  const auth = authorized(req, hooks.state.apiKey);
  if (auth === false || (auth === undefined && !route.public))
    return sendError(ctxBase, 401, auth === undefined ? 'Missing Authentication header' : 'User not found.');
  const ctx: Ctx = {
    req,
    res,
    url,
    path,
    params,
    body,
    record,
    streamFault: fault as StreamFault | undefined,
    nextReply: () => hooks.state.replies.shift() ?? hooks.state.defaultReply,
  };
  await route.handler(ctx, hooks.state);
}

export async function listen(hooks: ServerHooks) {
  const server = createServer((req, res) => {
    handle(req, res, hooks).catch((err: unknown) => {
      if (!res.headersSent) sendError({ res, path: '' }, 500, `Fake crashed: ${String(err)}`);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}
