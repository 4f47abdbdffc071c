/**
 * Speech to text for one attachment. `createTranscriptionService(config, deps)` →
 *   transcribe({ attachment, cacheKey, model?, language?, signal? }) → Transcript
 * Transcripts are cached in the state store (transcript-cache.ts) under
 * `cacheKey + attachment id + model (+ language)`, so asking twice never pays twice; concurrent
 * identical requests share one API call. Audio is read under limits (read-audio.ts), converted
 * with ffmpeg when the API does not take its format, and sent as base64 `input_audio` encoded
 * while the request is sent: the download flows into the upload (audio-stream.ts); a retry
 * downloads again; only converted audio is held in memory (one copy).
 * Errors: the InputErrors of read-audio / audio-convert, MEDIA.FFMPEG_MISSING, OpenRouter errors.
 */
import type { Logger } from 'pino';
import type { Attachment, Invocation } from '../command-model/command-types.js';
import type { Usage } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import { Base64Bytes } from '../openrouter/streamed-json.js';
import type { StateStore } from '../state/store.js';
import { convertForApi } from './audio-convert.js';
import { openAudio } from './audio-stream.js';
import type { Ffmpeg } from './ffmpeg.js';
import { type AudioLimits, DEFAULT_AUDIO_LIMITS } from './read-audio.js';
import { createSingleFlight } from './single-flight.js';
import { createTranscriptCache, type TranscriptEntry, transcriptKey } from './transcript-cache.js';

export interface TranscriptionConfig {
  /** Default STT model, e.g. `openai/whisper-large-v3`. */
  model: string;
  /** Largest audio file accepted (default 25 MB). */
  maxBytes?: number;
  /** Longest declared duration accepted (default 900 s). */
  maxDurationSecs?: number;
  /** How long transcripts stay cached (default 30 days). */
  cacheTtlMs?: number;
}

export interface TranscriptionDeps {
  client: Pick<OpenRouterClient, 'createTranscription'>;
  store: StateStore;
  logger: Logger;
  /** Without it (or without the binary) formats the API does not take are refused clearly. */
  ffmpeg?: Ffmpeg;
}

export interface TranscribeRequest {
  attachment: Attachment;
  /** Stable id of the message holding the file, e.g. `discord:<message id>`. */
  cacheKey: string;
  model?: string;
  /** ISO-639-1; auto-detected when absent. */
  language?: string;
  signal?: AbortSignal;
  /** Who it is for: billed to them, under the rules where they asked (the system's when absent). */
  invocation?: Invocation;
}

type Entry = TranscriptEntry;

export interface Transcript extends Entry {
  /** True when served from the cache (no API call, no cost). */
  cached: boolean;
}

export interface TranscriptionService {
  transcribe(request: TranscribeRequest): Promise<Transcript>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createTranscriptionService(
  config: TranscriptionConfig,
  deps: TranscriptionDeps,
): TranscriptionService {
  const limits: AudioLimits = {
    maxBytes: config.maxBytes ?? DEFAULT_AUDIO_LIMITS.maxBytes,
    maxDurationSecs: config.maxDurationSecs ?? DEFAULT_AUDIO_LIMITS.maxDurationSecs,
  };
  const ttlMs = config.cacheTtlMs ?? 30 * DAY_MS;
  const cache = createTranscriptCache(deps.store, { ttlMs, logger: deps.logger });
  const flight = createSingleFlight<Transcript>();

  /**
   * The audio as the API takes it, as a byte source for the request body: a file the API takes
   * flows from the platform's download into the upload (a retry downloads it again); a file that
   * must be converted is read whole, converted, and the converted bytes are the one kept copy.
   */
  async function prepare(attachment: Attachment, signal: AbortSignal) {
    const opened = await openAudio(attachment, limits, signal);
    const from = opened.audio;
    // streamed only with a size to declare: otherwise the file is read whole (under the limit) first
    if (!from.needsConversion && from.apiFormat && opened.size !== undefined) {
      const data = new Base64Bytes({ open: opened.open, byteLength: opened.size });
      return { data, format: from.apiFormat, converted: false, from, opened };
    }
    try {
      const file = await opened.collect();
      if (!from.needsConversion && from.apiFormat)
        return { data: Base64Bytes.of(file.bytes), format: from.apiFormat, converted: false, from, opened };
      const { bytes, format } = await convertForApi(deps.ffmpeg, file, signal);
      return { data: Base64Bytes.of(bytes), format, converted: true, from, opened };
    } finally {
      opened.close();
    }
  }

  async function call(key: string, request: TranscribeRequest, model: string, signal: AbortSignal) {
    const earlier = await cache.get(key);
    if (earlier) return { ...earlier, cached: true };
    const started = Date.now();
    const { data, format, converted, from, opened } = await prepare(request.attachment, signal);
    const language = request.language;
    const res = await deps.client
      .createTranscription(
        { model, input_audio: { data, format }, ...(language ? { language } : {}) },
        { signal, ...(request.invocation ? { invocation: request.invocation } : {}) },
      )
      .catch((err: unknown) => {
        // a file that broke a limit mid-upload says so, not "connection lost"
        throw opened.failure ?? err;
      })
      .finally(() => opened.close());
    const entry: Entry = { text: res.data.text, model, format, converted };
    const detected = res.data.language ?? language;
    if (detected) entry.language = detected;
    const seconds = res.data.duration ?? res.data.usage?.seconds ?? request.attachment.durationSecs;
    if (seconds !== undefined) entry.durationSecs = seconds;
    if (res.meta.usage) entry.usage = { ...res.meta.usage } satisfies Usage;
    if (res.meta.generationId) entry.generationId = res.meta.generationId;
    deps.logger.info(
      {
        model,
        format,
        from: from.container,
        converted,
        base64Chars: data.base64Length,
        ms: Date.now() - started,
        ...res.meta,
      },
      'transcribed audio',
    );
    await cache.set(key, entry);
    return { ...entry, cached: false };
  }

  return {
    async transcribe(request) {
      const model = request.model ?? config.model;
      const key = transcriptKey({ ...request, attachmentId: request.attachment.id, model });
      const hit = await cache.get(key);
      if (hit) {
        deps.logger.debug({ key, model }, 'transcript served from cache');
        return { ...hit, cached: true };
      }
      return flight.run(key, (signal) => call(key, request, model, signal), request.signal);
    },
  };
}
