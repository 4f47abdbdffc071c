/**
 * The one event vocabulary every streaming back end (chat completions, messages, responses)
 * is normalised into, plus the metadata every result exposes. Shared by the client, the chat
 * service and the streaming driver.
 */
import type { Invocation } from '../command-model/command-types.js';

/** Token counts and cost as reported by OpenRouter's `usage` object (cost in USD credits). */
export interface Usage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  cachedTokens?: number;
  cost?: number;
}

/** What every result (streamed or not) tells about the call. */
export interface ResultMeta {
  /** `gen-…` id (X-Generation-Id header or body id). */
  generationId?: string;
  /** Request id for support (x-request-id / cf-ray style header), when sent. */
  requestId?: string;
  model?: string;
  provider?: string;
  usage?: Usage;
}

export type StreamEvent =
  | { type: 'text'; text: string }
  | { type: 'reasoning'; text: string }
  /** A generated image: a data URL (or a link) exactly as the API sent it. */
  | { type: 'image'; url: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; argumentsDelta?: string }
  /** Sent once the stream reveals id/model/provider (first chunk) and again if they change. */
  | { type: 'meta'; meta: ResultMeta }
  | { type: 'usage'; usage: Usage }
  | { type: 'done'; finishReason?: string | null };

/**
 * A live stream. Iterate it once. Breaking out of the loop (or calling `abort`) aborts the HTTP
 * request. Errors received mid-stream are thrown from the iterator after the events already
 * received were yielded.
 */
export interface EventStream extends AsyncIterable<StreamEvent> {
  abort(reason?: unknown): void;
  /** Metadata gathered so far (complete after the iterator finished). */
  readonly meta: ResultMeta;
}

/** A non-streamed JSON result. */
export interface ApiResult<T> {
  data: T;
  meta: ResultMeta;
}

/** A binary body (speech audio, video content), streamed, never buffered whole by the client. */
export interface BinaryResult {
  contentType: string;
  /** Declared Content-Length when the server sent one. */
  contentLength?: number;
  /** The bytes; the stream errors with a typed error once more than the cap was read. */
  body: AsyncIterable<Uint8Array>;
  meta: ResultMeta;
  /** Release the connection without reading the rest. */
  cancel(): void;
}

/** Per-call options accepted by every client method. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Extra request headers (e.g. `x-session-id`). Never used for auth. */
  headers?: Record<string, string>;
  /** Override the client's retry bound for this call (0 = no retry). */
  maxRetries?: number;
  /** Byte cap for binary bodies (speech, video content). */
  maxBytes?: number;
  /**
   * Who the call is for: the governed client attributes spend and applies that place's rules; the raw
   * client ignores it (it never reaches headers, body or logs).
   */
  invocation?: Invocation;
}
