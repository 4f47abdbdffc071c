/** Everything the fake remembers between requests. */
import type { Answer, QueuedReply } from './answers.js';
import { defaultModels } from './fixtures.js';

export interface GenerationRecord {
  answer: Answer;
  body: Record<string, unknown>;
  apiType: string;
  streamed: boolean;
  createdAt: string;
  cancelled: boolean;
}

export interface VideoConfig {
  /** Polls (GET /videos/{id}) until the job is terminal; earlier polls say in_progress. */
  pollsUntilDone: number;
  fail: boolean;
  outputs: number;
  /** End as one of openapi's other terminal states instead of completed (ignored when `fail`). */
  endAs?: 'cancelled' | 'expired';
  /** Bytes of each output's content (streamed in pieces); default a tiny real MP4. */
  contentBytes?: number;
  /** Send the content without Content-Length (chunked), as some provider proxies do. */
  chunked?: boolean;
  /** Complete without a `usage` object (openapi marks it optional). */
  omitCost?: boolean;
}

export interface VideoJobState {
  id: string;
  model: string;
  prompt: string;
  polls: number;
  config: VideoConfig;
  generationId: string;
}

export interface FakeState {
  origin: string;
  apiKey: string | undefined;
  chunkDelayMs: number;
  models: Record<string, unknown>[];
  replies: QueuedReply[];
  defaultReply: QueuedReply | undefined;
  generations: Map<string, GenerationRecord>;
  videos: Map<string, VideoJobState>;
  videoConfig: VideoConfig;
  transcript: string;
  /** Size of generated speech audio in bytes (streamed in pieces, never held whole). */
  speechBytes: number | undefined;
  held: Set<() => void>;
  notifyClientClose(): void;
}

export const DEFAULT_VIDEO_CONFIG: VideoConfig = { pollsUntilDone: 2, fail: false, outputs: 1 };
export const DEFAULT_TRANSCRIPT = 'Hello team, this is a voice note about the release.';

export function createState(
  apiKey: string | undefined,
  chunkDelayMs: number,
  notifyClientClose: () => void,
): FakeState {
  return {
    origin: '',
    apiKey,
    chunkDelayMs,
    models: defaultModels(),
    replies: [],
    defaultReply: undefined,
    generations: new Map(),
    videos: new Map(),
    videoConfig: { ...DEFAULT_VIDEO_CONFIG },
    transcript: DEFAULT_TRANSCRIPT,
    speechBytes: undefined,
    held: new Set(),
    notifyClientClose,
  };
}
