/**
 * The uploadV2 flow (files.getUploadURLExternal → POST bytes to upload_url →
 * files.completeUploadExternal) and the file host serving `url_private(_download)` only with the bot
 * token (otherwise Slack's HTML sign-in page with status 200). Every file request is recorded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ParsedBody, required, sendRaw, str } from './http.js';
import type { SlackState } from './state.js';
import type { StoredFile } from './types.js';
import { botMessage, channelOf, type MethodHandler } from './web-chat.js';

export const LOGIN_PAGE =
  '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>';

export function registerFile(
  state: SlackState,
  f: {
    name: string;
    mimetype: string;
    data: Uint8Array;
    title?: string;
    subtype?: string;
    duration_ms?: number;
  },
  completed = true,
): StoredFile {
  const id = state.nextId('F');
  const base = `${state.origin}/files-pri/${state.id.teamId}-${id}`;
  const file: StoredFile = {
    id,
    name: f.name,
    title: f.title ?? f.name,
    mimetype: f.mimetype,
    size: f.data.byteLength,
    data: f.data,
    url_private: `${base}/${encodeURIComponent(f.name)}`,
    url_private_download: `${base}/download/${encodeURIComponent(f.name)}`,
    completed,
    ...(f.subtype ? { subtype: f.subtype } : {}),
    ...(f.duration_ms !== undefined ? { duration_ms: f.duration_ms } : {}),
  };
  state.files.set(id, file);
  return file;
}

export function wireFile({ data: _data, completed: _c, uploadedBy: _u, ...f }: StoredFile) {
  return { ...f, filetype: f.name.split('.').pop() ?? 'binary', is_external: false, mode: 'hosted' };
}

export const fileMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal'(params, state) {
    const filename = required(params, 'filename');
    const length = Number(required(params, 'length'));
    if (!Number.isInteger(length) || length < 0) throw new ApiError('invalid_arguments', 'length');
    const file = registerFile(
      state,
      { name: filename, mimetype: 'application/octet-stream', data: new Uint8Array() },
      false,
    );
    file.size = length;
    return { upload_url: `${state.origin}/upload/v1/${file.id}`, file_id: file.id };
  },
  'files.completeUploadExternal'(params, state) {
    const list = params.files;
    if (!Array.isArray(list) || list.length === 0) throw new ApiError('invalid_arguments', 'files');
    const files = (list as Array<{ id?: string; title?: string }>).map((entry) => {
      const f = entry.id ? state.files.get(entry.id) : undefined;
      if (!f || f.completed) throw new ApiError('file_not_found');
      if (f.data.byteLength === 0 && f.size > 0) throw new ApiError('file_upload_not_found');
      if (entry.title) f.title = entry.title;
      f.completed = true;
      return f;
    });
    const channelId = str(params.channel_id) ?? str(params.channels);
    if (channelId) {
      const channel = channelOf({ channel: channelId });
      const thread_ts = state.threadRoot(channel, str(params.thread_ts));
      botMessage(state, {
        channel,
        via: 'files',
        text: str(params.initial_comment) ?? '',
        files,
        ...(thread_ts ? { thread_ts } : {}),
      });
    }
    return { files: files.map(wireFile) };
  },
  'files.info'(params, state) {
    const f = state.files.get(required(params, 'file'));
    if (!f?.completed) throw new ApiError('file_not_found');
    return { file: wireFile(f) };
  },
};

/** POST to an upload_url: raw bytes or a multipart body with one file part. */
export function receiveUpload(
  state: SlackState,
  fileId: string,
  body: ParsedBody,
  res: ServerResponse,
): void {
  const f = state.files.get(fileId);
  if (!f || f.completed) {
    sendRaw(res, 404, 'text/plain', 'not found');
    return;
  }
  const part = body.files[0];
  f.data = part ? part.data : new Uint8Array(body.raw);
  f.size = f.data.byteLength;
  if (part?.type && part.type !== 'application/octet-stream') f.mimetype = part.type;
  sendRaw(res, 200, 'text/plain', `OK - ${f.size}`);
}

/** GET /files-pri/TEAM-FILEID/[download/]name */
export function serveFile(state: SlackState, req: IncomingMessage, path: string, res: ServerResponse): void {
  const m = /^\/files-pri\/[A-Z0-9]+-([A-Z0-9]+)\//.exec(path);
  const f = m ? state.files.get(m[1] as string) : undefined;
  const authorization = req.headers.authorization;
  const ok = authorization === `Bearer ${state.id.botToken}`;
  const record = (status: number, served: boolean) =>
    state.fileRequests.push({ path, authorization, status, served, at: Date.now() });
  if (!f?.completed) {
    record(404, false);
    sendRaw(res, 404, 'text/html', LOGIN_PAGE);
    return;
  }
  if (!ok) {
    record(200, false);
    sendRaw(res, 200, 'text/html; charset=utf-8', LOGIN_PAGE);
    return;
  }
  record(200, true);
  sendRaw(res, 200, f.mimetype, f.data);
}
