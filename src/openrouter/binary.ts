/** Binary bodies (speech audio, video content) as a capped stream: never buffered by the client. */
import { bodyTooLargeError } from './errors.js';
import type { BinaryResult, ResultMeta } from './events.js';
import { midStreamError } from './streams/event-stream.js';
import type { OpenResponse, TransportConfig } from './transport.js';

export const DEFAULT_MAX_BINARY_BYTES = 100 * 1024 * 1024;

function header(res: OpenResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function createBinaryResult(
  res: OpenResponse,
  maxBytes: number,
  config: TransportConfig,
): BinaryResult {
  const meta: ResultMeta = {};
  if (res.generationId) meta.generationId = res.generationId;
  if (res.requestId) meta.requestId = res.requestId;
  const declared = Number(header(res, 'content-length'));
  const contentLength = Number.isFinite(declared) && declared >= 0 ? declared : undefined;
  const release = () => {
    res.controller.abort();
    res.body.destroy();
  };

  async function* read(): AsyncGenerator<Uint8Array> {
    let total = 0;
    let clean = false;
    try {
      if (contentLength !== undefined && contentLength > maxBytes) throw bodyTooLargeError(maxBytes);
      for await (const chunk of res.body) {
        total += chunk.byteLength;
        if (total > maxBytes) throw bodyTooLargeError(maxBytes);
        yield chunk;
      }
      clean = true;
    } catch (err) {
      throw midStreamError(err, res, config, meta);
    } finally {
      if (!clean) release();
    }
  }

  const result: BinaryResult = {
    contentType: header(res, 'content-type') ?? 'application/octet-stream',
    body: read(),
    meta,
    cancel: release,
  };
  if (contentLength !== undefined) result.contentLength = contentLength;
  return result;
}
