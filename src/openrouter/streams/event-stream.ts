/**
 * Wraps an open SSE response as an EventStream: parse, normalise, yield. Breaking out of the
 * loop or calling abort() destroys the HTTP request; mid-stream failures are thrown after every
 * event already received was yielded. Keep-alive comments do not count as progress: a stream that
 * sends only comments for longer than the idle timeout (the first-byte timeout before any data)
 * ends with a timeout error, as a silent one does.
 */
import { abortedError, OpenRouterError, timeoutError } from '../errors.js';
import type { EventStream, ResultMeta, StreamEvent } from '../events.js';
import { type SseEvent, SseParser } from '../sse.js';
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

  // A hand-rolled iterator rather than an async generator: one promise per event instead of
  // several, which is most of the client's own cost on a fast stream.
  function iterator(): AsyncIterator<StreamEvent> {
    const body = res.body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    const parser = new SseParser();
    let queue: StreamEvent[] = [];
    let next = 0;
    let state: 'open' | 'ended' | 'closed' = 'open';
    let lastData = Date.now();
    let sawData = false;

    const close = () => {
      if (state === 'ended' || state === 'closed') return;
      state = 'closed';
      res.controller.abort();
      res.body.destroy();
    };
    const take = (events: SseEvent[]) => {
      for (const sse of events) {
        if (normaliser.finished) return;
        const out = normaliser.handle(sse, meta);
        for (const event of out) queue.push(event);
      }
    };
    /** Takes one read of the body: its events are queued; the end of the body ends the stream. */
    const accept = (chunk: IteratorResult<Uint8Array>) => {
      if (chunk.done) {
        if (!normaliser.finished) take(parser.end());
        if (!normaliser.finished) {
          if (normaliser.finishReason === undefined) throw endedEarlyError(meta);
          queue.push({ type: 'done', finishReason: normaliser.finishReason });
        }
        state = 'ended';
        return;
      }
      // once finished, keep reading (and dropping) the tail so the connection can be reused
      if (normaliser.finished) return;
      const before = parser.progress;
      take(parser.push(chunk.value));
      if (parser.progress !== before) {
        lastData = Date.now();
        sawData = true;
      } else {
        const [phase, limit] = sawData
          ? (['idle stream', config.idleTimeoutMs] as const)
          : (['first byte', Math.max(config.firstByteTimeoutMs, config.idleTimeoutMs)] as const);
        if (Date.now() - lastData > limit) throw timeoutError(phase, limit);
      }
    };

    let failure: Error | undefined;

    return {
      // reads until an event is queued, the body ends or fails (a loop, not a helper or a recursion:
      // each would add its own promise per read)
      async next(): Promise<IteratorResult<StreamEvent>> {
        for (;;) {
          if (next < queue.length) return { value: queue[next++] as StreamEvent, done: false };
          if (failure) {
            const err = failure;
            failure = undefined;
            throw err;
          }
          if (state !== 'open') return { value: undefined, done: true };
          queue = [];
          next = 0;
          try {
            accept(await body.next());
          } catch (err) {
            // events queued before the failure are still delivered; the error comes after them
            failure = midStreamError(err, res, config, meta);
            close();
          }
        }
      },
      async return(): Promise<IteratorResult<StreamEvent>> {
        close();
        // the consumer stopped: events still queued from the last read are dropped, not handed out later
        queue = [];
        next = 0;
        failure = undefined;
        return { value: undefined, done: true };
      },
    };
  }

  return {
    meta,
    abort(reason?: unknown) {
      res.controller.abort(reason);
    },
    [Symbol.asyncIterator]() {
      if (started) throw new Error('An EventStream can be iterated only once.');
      started = true;
      return iterator();
    },
  };
}
