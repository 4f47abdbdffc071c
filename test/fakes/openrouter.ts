/**
 * A faithful fake OpenRouter on 127.0.0.1: all 22 operations shaped as in the official
 * openapi.yaml, SSE for chat / messages / responses with pacing, real tiny audio and video bytes,
 * video jobs that move over polls, recorded requests and injectable faults.
 */
import type { QueuedReply } from './openrouter/answers.js';
import { type FakeModelSpec, makeModel } from './openrouter/fixtures.js';
import type { Fault, RecordedRequest } from './openrouter/http.js';
import { listen, type PendingFault } from './openrouter/server.js';
import {
  createState,
  DEFAULT_TRANSCRIPT,
  DEFAULT_VIDEO_CONFIG,
  type VideoConfig,
} from './openrouter/state.js';

export type { QueuedReply } from './openrouter/answers.js';
export {
  DEFAULT_MODEL_SPECS,
  type FakeModelSpec,
  IMAGE_MODEL_SPECS,
  makeModel,
} from './openrouter/fixtures.js';
export type { Fault, RecordedRequest } from './openrouter/http.js';
export { mp3Silence, mp4File, pcmTone, wavFile } from './openrouter/media.js';
export { fakeEmbedding } from './openrouter/routes-inference.js';

export interface FakeOpenRouterOptions {
  /** The only key accepted (any bearer key when omitted). */
  apiKey?: string;
  /** Default pause between streamed chunks. */
  chunkDelayMs?: number;
  /** The reply used when none is queued (default: echo the last user message). */
  defaultReply?: QueuedReply;
}

export interface FakeOpenRouter {
  /** `http://127.0.0.1:PORT/api/v1` */
  readonly baseUrl: string;
  readonly origin: string;
  readonly requests: RecordedRequest[];
  queueReply(reply: QueuedReply): void;
  releaseHeld(): void;
  injectFault(fault: Fault, opts?: { count?: number; path?: string }): void;
  waitForRequest(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Resolves when a client next closes a stream before its end. */
  waitForClientClose(timeoutMs?: number): Promise<void>;
  count(path: string): number;
  configureVideo(config: Partial<VideoConfig>): void;
  /** Change one existing job (e.g. let a job started earlier finish at its next poll). */
  updateVideo(jobId: string, config: Partial<VideoConfig>): { polls: number };
  setModels(models: Array<FakeModelSpec | Record<string, unknown>>): void;
  setTranscript(text: string): void;
  /** Make speech answers this many bytes long (streamed, for memory benchmarks). */
  setSpeechBytes(bytes: number | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenRouter(options: FakeOpenRouterOptions = {}): Promise<FakeOpenRouter> {
  const closeWaiters = new Set<() => void>();
  const requestWaiters = new Set<(r: RecordedRequest) => void>();
  const state = createState(options.apiKey, options.chunkDelayMs ?? 0, () => {
    for (const resolve of closeWaiters) resolve();
    closeWaiters.clear();
  });
  state.defaultReply = options.defaultReply;
  const requests: RecordedRequest[] = [];
  const faults: PendingFault[] = [];
  const { server, origin } = await listen({
    state,
    requests,
    faults,
    onRequest: (r) => {
      for (const notify of requestWaiters) notify(r);
    },
  });
  state.origin = origin;

  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string, cleanup: () => void) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake OpenRouter: timed out after ${ms} ms waiting for ${what}`));
      }, ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };

  return {
    baseUrl: `${origin}/api/v1`,
    origin,
    requests,
    queueReply: (reply) => state.replies.push(reply),
    releaseHeld() {
      for (const release of state.held) release();
      state.held.clear();
    },
    injectFault: (fault, opts = {}) => faults.push({ fault, remaining: opts.count ?? 1, path: opts.path }),
    waitForRequest(pred, timeoutMs = 5_000) {
      const existing = requests.find(pred);
      if (existing) return Promise.resolve(existing);
      let listener: (r: RecordedRequest) => void = () => {};
      const found = new Promise<RecordedRequest>((resolve) => {
        listener = (r) => {
          if (!pred(r)) return;
          requestWaiters.delete(listener);
          resolve(r);
        };
        requestWaiters.add(listener);
      });
      return withTimeout(found, timeoutMs, 'a matching request', () => requestWaiters.delete(listener));
    },
    waitForClientClose(timeoutMs = 5_000) {
      let waiter: () => void = () => {};
      const closed = new Promise<void>((resolve) => {
        waiter = resolve;
        closeWaiters.add(resolve);
      });
      return withTimeout(closed, timeoutMs, 'the client to close a stream', () =>
        closeWaiters.delete(waiter),
      );
    },
    count: (path) => requests.filter((r) => r.path === path).length,
    configureVideo: (config) => Object.assign(state.videoConfig, config),
    updateVideo(jobId, config) {
      const job = state.videos.get(jobId);
      if (!job) throw new Error(`fake OpenRouter: no video job ${jobId}`);
      Object.assign(job.config, config);
      return { polls: job.polls };
    },
    setModels(models) {
      state.models = models.map((m) =>
        'contextLength' in m ? makeModel(m as FakeModelSpec) : (m as Record<string, unknown>),
      );
    },
    setTranscript: (text) => {
      state.transcript = text;
    },
    setSpeechBytes: (bytes) => {
      state.speechBytes = bytes;
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
      state.replies.length = 0;
      state.generations.clear();
      state.videos.clear();
      state.videoConfig = { ...DEFAULT_VIDEO_CONFIG };
      state.transcript = DEFAULT_TRANSCRIPT;
      state.speechBytes = undefined;
      for (const release of state.held) release();
      state.held.clear();
    },
    async close() {
      for (const release of state.held) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
