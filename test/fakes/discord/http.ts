/** HTTP plumbing: body parsing (JSON or multipart), routing, Discord-shaped errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeState } from './state.js';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Uint8Array;
}

export interface Ctx {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON body, or the parsed `payload_json` of a multipart body. */
  body: Record<string, unknown>;
  /** Uploaded files by field name (`files[0]` …). */
  files: Map<string, UploadedFile>;
  at: number;
}

export interface Reply {
  status: number;
  body?: unknown;
  contentType?: string;
  raw?: Uint8Array;
  /** Extra response headers (the rate-limit ones). */
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx, params: string[]) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  /** Requires `Authorization: Bot <token>`. */
  auth: boolean;
  handler: Handler;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly payload: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(payload['message']));
  }
}

export const errors = {
  unauthorized: () => new HttpError(401, { message: '401: Unauthorized', code: 0 }),
  unknownWebhook: () => new HttpError(404, { message: 'Unknown Webhook', code: 10015 }),
  unknownInteraction: () => new HttpError(404, { message: 'Unknown interaction', code: 10062 }),
  alreadyAcknowledged: () =>
    new HttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 }),
  unknownChannel: () => new HttpError(404, { message: 'Unknown Channel', code: 10003 }),
  unknownMessage: () => new HttpError(404, { message: 'Unknown Message', code: 10008 }),
  emptyMessage: () => new HttpError(400, { message: 'Cannot send an empty message', code: 50006 }),
  formBody: (field: string, code: string, message: string) =>
    new HttpError(400, {
      code: 50035,
      message: 'Invalid Form Body',
      errors: { [field]: { _errors: [{ code, message }] } },
    }),
  notFound: () => new HttpError(404, { message: '404: Not Found', code: 0 }),
};

export function json(body: unknown, status = 200): Reply {
  return { status, body };
}

export const noContent: Reply = { status: 204 };

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function parseBody(
  req: IncomingMessage,
  url: URL,
): Promise<{ body: Record<string, unknown>; files: Map<string, UploadedFile> }> {
  const files = new Map<string, UploadedFile>();
  const raw = await readAll(req);
  if (raw.length === 0) return { body: {}, files };
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request(url, {
      method: req.method ?? 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    let body: Record<string, unknown> = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as Record<string, unknown>;
        else body[field] = value;
      } else {
        files.set(field, {
          field,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          data: new Uint8Array(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  try {
    const parsed = JSON.parse(text) as unknown;
    return {
      body: (parsed && typeof parsed === 'object' ? parsed : { value: parsed }) as Record<string, unknown>,
      files,
    };
  } catch {
    throw errors.formBody('_body', 'INVALID_JSON', 'Invalid JSON body');
  }
}

/** The body as recorded in `requests`: JSON as is; multipart adds a summary of its files. */
export function recordedBody(body: Record<string, unknown>, files: Map<string, UploadedFile>): unknown {
  if (files.size === 0) return body;
  return {
    ...body,
    _files: [...files.values()].map((f) => ({
      field: f.field,
      filename: f.filename,
      contentType: f.contentType,
      size: f.data.byteLength,
    })),
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw) {
    res.writeHead(reply.status, {
      'content-type': reply.contentType ?? 'application/octet-stream',
      'content-length': reply.raw.byteLength,
    });
    res.end(reply.raw);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function isAuthorized(state: FakeState, headers: IncomingMessage['headers']): boolean {
  return headers.authorization === `Bot ${state.token}`;
}
