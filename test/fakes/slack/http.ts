/** HTTP plumbing of the fake Slack: reading form / JSON / multipart bodies and writing answers. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Web API failure: HTTP 200 `{ok:false, error}` as Slack answers. */
export class ApiError extends Error {
  constructor(
    readonly error: string,
    readonly detail?: string,
  ) {
    super(error);
  }
}

export async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Array<{ field: string; name: string; type: string; data: Uint8Array }>;
  raw: Buffer;
  contentType: string;
}

/** Form-encoded, JSON or multipart; query parameters count too (Slack reads both). */
export async function parseBody(req: IncomingMessage, url: URL): Promise<ParsedBody> {
  const raw = await readAll(req);
  const contentType = String(req.headers['content-type'] ?? '');
  const fields: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const files: ParsedBody['files'] = [];
  if (raw.length === 0) return { fields, files, raw, contentType };
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError('invalid_json');
    }
    if (!parsed || typeof parsed !== 'object') throw new ApiError('invalid_json');
    Object.assign(fields, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') fields[field] = value;
      else
        files.push({
          field,
          name: value.name,
          type: value.type,
          data: new Uint8Array(await value.arrayBuffer()),
        });
    }
  } else {
    Object.assign(fields, Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
  }
  return { fields, files, raw, contentType };
}

const JSON_FIELDS = ['blocks', 'attachments', 'chunks', 'files', 'metadata'];

/** Nested fields arrive as JSON strings in form bodies; Slack decodes them. */
export function decodeNested(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  for (const key of JSON_FIELDS) {
    const v = out[key];
    if (typeof v !== 'string') continue;
    if (v === '') {
      delete out[key];
      continue;
    }
    try {
      out[key] = JSON.parse(v);
    } catch {
      throw new ApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments', `bad ${key} JSON`);
    }
  }
  return out;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendRaw(res: ServerResponse, status: number, type: string, data: Uint8Array | string): void {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  res.writeHead(status, { 'content-type': type, 'content-length': body.byteLength });
  res.end(body);
}

/** The bearer token from `Authorization`, or the `token` field (form bodies only, as Slack). */
export function tokenOf(
  headers: IncomingMessage['headers'],
  fields: Record<string, unknown>,
  contentType: string,
): string | undefined {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  if (!contentType.startsWith('application/json') && typeof fields.token === 'string') return fields.token;
  return undefined;
}

export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function required(params: Record<string, unknown>, name: string): string {
  const v = str(params[name]);
  if (!v) throw new ApiError('invalid_arguments', `missing required field: ${name}`);
  return v;
}
