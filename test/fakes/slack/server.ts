/**
 * The HTTP server of the fake Slack on 127.0.0.1: the Web API at `/api/<method>`, upload URLs,
 * the file host, response_url endpoints and the Socket Mode WebSocket, all on one port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, decodeNested, parseBody, sendJson, sendRaw, tokenOf } from './http.js';
import { receiveResponse } from './response-url.js';
import { FakeSocketMode } from './socket.js';
import type { SlackState } from './state.js';
import type { RecordedCall } from './types.js';
import { chatMethods, type MethodHandler } from './web-chat.js';
import { fileMethods, receiveUpload, serveFile } from './web-files.js';
import { miscMethods } from './web-misc.js';
import { streamMethods } from './web-stream.js';

export interface Listening {
  server: Server;
  socket: FakeSocketMode;
  origin: string;
  close(): Promise<void>;
}

const NO_TOKEN = new Set(['api.test']);

function checkAuth(state: SlackState, method: string, token: string | undefined): void {
  const wanted = method === 'apps.connections.open' ? state.id.appToken : state.id.botToken;
  const other = method === 'apps.connections.open' ? state.id.botToken : state.id.appToken;
  if (NO_TOKEN.has(method)) return;
  if (!token) throw new ApiError('not_authed');
  if (token === other) throw new ApiError('not_allowed_token_type');
  if (token !== wanted) throw new ApiError('invalid_auth');
}

export async function listen(state: SlackState): Promise<Listening> {
  let socket: FakeSocketMode | undefined;
  const methods: Record<string, MethodHandler> = {
    ...chatMethods,
    ...streamMethods,
    ...miscMethods,
    ...fileMethods,
    'api.test': (params) => ({ args: params }),
    'apps.connections.open': () => (socket as FakeSocketMode).open(),
  };

  const api = async (method: string, req: IncomingMessage, url: URL, res: ServerResponse) => {
    const call: RecordedCall = {
      method,
      params: {},
      authorization: req.headers.authorization,
      contentType: String(req.headers['content-type'] ?? ''),
      at: Date.now(),
      status: 200,
      ok: false,
    };
    state.calls.push(call);
    try {
      const body = await parseBody(req, url);
      call.params = body.fields;
      const fault = state.faults.get(method)?.shift();
      if (fault && 'kind' in fault) {
        call.status = 429;
        call.error = 'ratelimited';
        sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
        return;
      }
      checkAuth(state, method, tokenOf(req.headers, body.fields, body.contentType));
      if (fault) throw new ApiError(fault.error);
      const handler = methods[method];
      if (!handler) throw new ApiError('unknown_method');
      const params = decodeNested(body.fields);
      call.params = params;
      const result = handler(params, state);
      call.ok = true;
      sendJson(res, 200, { ok: true, ...result });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('internal_error', String(err));
      call.error = e.error;
      sendJson(res, 200, {
        ok: false,
        error: e.error,
        ...(e.detail ? { response_metadata: { messages: [`[ERROR] ${e.detail}`] } } : {}),
      });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', state.origin || 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/api/')) await api(path.slice('/api/'.length), req, url, res);
    else if (path.startsWith('/files-pri/') && (req.method === 'GET' || req.method === 'HEAD'))
      serveFile(state, req, path, res);
    else if (path.startsWith('/upload/v1/') && req.method === 'POST')
      receiveUpload(state, path.slice('/upload/v1/'.length), await parseBody(req, url), res);
    else if (path.startsWith('/commands/') && req.method === 'POST')
      await receiveResponse(state, path.slice('/commands/'.length), req, url, res);
    else sendRaw(res, 404, 'text/plain', 'not found');
    state.notify();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendRaw(res, 500, 'text/plain', `fake slack: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.origin = origin;
  socket = new FakeSocketMode(server, state);
  const close = async () => {
    await socket?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, socket, origin, close };
}
