/**
 * Wraps an open SSE response as an EventStream: parse, normalise, yield. Breaking out of the
 * loop or calling abort() destroys the HTTP request; mid-stream failures are thrown after every
 * event already received was yielded.
 */
import { abortedError, OpenRouterError } from '../errors.js';
import type { EventStream, ResultMeta, StreamEvent } from '../events.js';
import { SseParser } from '../sse.js';
import { mapTransportError, type OpenResponse, type TransportConfig } from '../transport.js';
import { endedEarlyError, type StreamNormaliser } from './normaliser.js';

/** Errors after the first byte: same mapping, but a dropped connection says the text so far is kept. */
export function midStreamError(err: unknown, res: OpenResponse, config: TransportConfig, meta: ResultMeta) {
  if (res.controller.signal.aborted) return abortedError(res.controller.signal.reason);
  const typed = mapTransportError(err, config, res.controller.signal);
  if (typed.code !== 'OPENROUTER.CONNECTION') return typed;
  return new OpenRouterError(
    'OPENROUTER.CONNECTION',
    'The connection to OpenRouter dropped in the middle of the answer. The text so far is kept; please try again.',
    {
      cause: err,
      generationId: meta.generationId,
      requestId: meta.requestId,
      upstreamMessage: typed.upstreamMessage,
    },
  );
}

export function createEventStream(
  res: OpenResponse,
  normaliser: StreamNormaliser,
  config: TransportConfig,
): EventStream {
  const meta: ResultMeta = {};
  if (res.generationId) meta.generationId = res.generationId;
  if (res.requestId) meta.requestId = res.requestId;
  let started = false;

  async function* run(): AsyncGenerator<StreamEvent> {
    const parser = new SseParser();
    let clean = false;
    try {
      for await (const chunk of res.body) {
        if (normaliser.finished) continue; // drain the tail so the connection can be reused
        for (const sse of parser.push(chunk)) {
          if (normaliser.finished) break;
          yield* normaliser.handle(sse, meta);
        }
      }
      for (const sse of parser.end()) if (!normaliser.finished) yield* normaliser.handle(sse, meta);
      if (!normaliser.finished) {
        if (normaliser.finishReason === undefined) throw endedEarlyError(meta);
        yield { type: 'done', finishReason: normaliser.finishReason };
      }
      clean = true;
    } catch (err) {
      throw midStreamError(err, res, config, meta);
    } finally {
      if (!clean) {
        res.controller.abort();
        res.body.destroy();
      }
    }
  }

  return {
    meta,
    abort(reason?: unknown) {
      res.controller.abort(reason);
    },
    [Symbol.asyncIterator]() {
      if (started) throw new Error('An EventStream can be iterated only once.');
      started = true;
      return run();
    },
  };
}
