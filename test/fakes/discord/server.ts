/** The HTTP server: `/api/v10/*` REST, `/cdn/*` attachment bytes, and the gateway on the same port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.js';
import {
  type Ctx,
  HttpError,
  isAuthorized,
  parseBody,
  type Reply,
  type Route,
  recordedBody,
  send,
} from './http.js';
import { channelRoutes } from './rest-channels.js';
import { type InteractionOptions, interactionRoutes } from './rest-interactions.js';
import { miscRoutes } from './rest-misc.js';
import type { FakeState } from './state.js';
import type { RecordedRequest } from './types.js';

const API_PREFIX = '/api/v10';

export interface Listening {
  server: Server;
  gateway: FakeGateway;
  origin: string;
  close(): Promise<void>;
}

export async function listen(state: FakeState, opts: InteractionOptions): Promise<Listening> {
  let gateway: FakeGateway | undefined;
  let routes: Route[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = Date.now();
    const url = new URL(req.url ?? '/', state.origin);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/cdn/')) {
      const file = state.cdn.get(url.pathname);
      send(
        res,
        file ? { status: 200, raw: file.data, contentType: file.contentType } : { status: 404, body: {} },
      );
      return;
    }
    if (!url.pathname.startsWith(API_PREFIX)) {
      send(res, { status: 404, body: { message: '404: Not Found', code: 0 } });
      return;
    }
    const path = decodeURIComponent(url.pathname.slice(API_PREFIX.length));
    let reply: Reply;
    let entry: RecordedRequest | undefined;
    try {
      const { body, files } = await parseBody(req, url);
      entry = { method, path, query: url.search, body: recordedBody(body, files), at };
      state.requests.push(entry);
      state.rateLimits.check(method, path, at);
      const ctx: Ctx = { method, path, query: url.searchParams, headers: req.headers, body, files, at };
      reply = await route(ctx);
    } catch (err) {
      if (!entry) {
        entry = { method, path, query: url.search, body: undefined, at };
        state.requests.push(entry);
      }
      reply =
        err instanceof HttpError
          ? { status: err.status, body: err.payload, headers: err.headers }
          : { status: 500, body: { message: `fake discord: ${(err as Error).message}`, code: 0 } };
    }
    if (entry) {
      entry.status = reply.status;
      const body = 'body' in reply ? (reply.body as { code?: unknown } | undefined) : undefined;
      entry.code = reply.status >= 400 && typeof body?.code === 'number' ? body.code : 0;
    }
    send(res, reply);
    state.notify();
  };

  const route = async (ctx: Ctx): Promise<Reply> => {
    let methodMismatch = false;
    for (const r of routes) {
      const m = r.pattern.exec(ctx.path);
      if (!m) continue;
      if (r.method !== ctx.method) {
        methodMismatch = true;
        continue;
      }
      if (r.auth && !isAuthorized(state, ctx.headers)) {
        throw new HttpError(401, { message: '401: Unauthorized', code: 0 });
      }
      return r.handler(ctx, m.slice(1));
    }
    if (methodMismatch) throw new HttpError(405, { message: '405: Method Not Allowed', code: 0 });
    throw new HttpError(404, { message: '404: Not Found', code: 0 });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: String(err), code: 0 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.origin = origin;
  gateway = new FakeGateway(server, state);
  routes = [
    ...interactionRoutes(state, gateway, opts),
    ...channelRoutes(state, gateway),
    ...miscRoutes(state),
  ];

  const close = async () => {
    await gateway?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, gateway, origin, close };
}
