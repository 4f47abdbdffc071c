/**
 * The Prometheus metrics of one bot process (prom-client). Created by a factory and handed to the
 * parts that count (dispatcher, OpenRouter transport, streaming driver, ledger, video service,
 * adapters), never a global: every test builds its own. Labels are bounded: platforms, kinds,
 * operations, status codes, error codes and model slugs (capped), never user or channel ids.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Readings taken at scrape time (active streams, queue depth). */
export type GaugeSource = 'activeStreams' | 'queueDepth';

export interface Metrics {
  readonly registry: Registry;
  readonly eventsIn: Counter<'platform' | 'kind'>;
  readonly eventsDeduplicated: Counter<'platform'>;
  readonly ackSeconds: Histogram<'platform'>;
  readonly answers: Counter<'outcome'>;
  readonly firstTokenSeconds: Histogram;
  readonly finalEditSeconds: Histogram;
  readonly openrouterRequests: Counter<'operation' | 'status'>;
  readonly openrouterSeconds: Histogram<'operation'>;
  readonly tokens: Counter<'model' | 'type'>;
  readonly costUsd: Counter<'model'>;
  readonly refusals: Counter<'code'>;
  readonly rateLimited: Counter<'source'>;
  readonly videoJobs: Counter<'state'>;
  readonly storeErrors: Counter;
  /** Where a scrape reads a gauge from (`queue` labels the queue depth: video, …). */
  watch(source: GaugeSource, read: () => number, queue?: string): void;
  /** A model slug as a label: the first `maxModels` distinct ones, `other` after that. */
  model(slug: string | undefined): string;
}

export interface MetricsConfig {
  /** Default process metrics (CPU, memory, event loop lag, GC). */
  processMetrics?: boolean;
  maxModels?: number;
}

const PREFIX = 'switchboard_';
const LATENCY = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const ACK = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
/**
 * How often the event loop's lag is sampled. prom-client's default, every 10 ms, is a native timer waking the
 * otherwise idle bot a hundred times a second: sampling every 50 ms took its idle main thread from 4.7–5.0 to
 * 3.0–3.7 ms of CPU per second (docs/performance.md). A stall still shows in full (it delays the next sample by
 * its whole length); the figures include the interval, so an idle loop reads 0.05 s instead of 0.01 s.
 */
export const EVENT_LOOP_SAMPLE_MS = 50;

export function createMetrics(config: MetricsConfig = {}): Metrics {
  const registry = new Registry();
  if (config.processMetrics ?? true)
    collectDefaultMetrics({
      register: registry,
      prefix: PREFIX,
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
    new Counter<L>({ name: PREFIX + name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, buckets: number[], labelNames: L[] = []) =>
    new Histogram<L>({ name: PREFIX + name, help, buckets, labelNames, registers });

  const readers = {
    activeStreams: new Map<string, () => number>(),
    queueDepth: new Map<string, () => number>(),
  };
  const gauge = (name: string, help: string, source: GaugeSource, labelNames: string[]) =>
    new Gauge({
      name: PREFIX + name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [label, read] of readers[source])
          if (labelNames.length === 0) this.inc(read());
          else this.set({ queue: label }, read());
      },
    });
  gauge('active_streams', 'Answers being streamed right now', 'activeStreams', []);
  gauge('queue_depth', 'Jobs waiting or being followed, by queue', 'queueDepth', ['queue']);

  const maxModels = config.maxModels ?? 200;
  const models = new Set<string>();
  return {
    registry,
    eventsIn: counter('events_in_total', 'Platform events received, by platform and kind', [
      'platform',
      'kind',
    ]),
    eventsDeduplicated: counter(
      'events_deduplicated_total',
      'Events dropped because they were already handled (platform retries, other instances)',
      ['platform'],
    ),
    ackSeconds: histogram('ack_seconds', 'Time from an event to its acknowledgement', ACK, ['platform']),
    answers: counter(
      'answers_total',
      'Streamed answers by outcome (started, finished, failed, stopped, interrupted)',
      ['outcome'],
    ),
    firstTokenSeconds: histogram(
      'answer_first_token_seconds',
      'Time from answer start to the first text',
      LATENCY,
    ),
    finalEditSeconds: histogram(
      'answer_final_edit_seconds',
      'Time from answer start to its final edit',
      LATENCY,
    ),
    openrouterRequests: counter(
      'openrouter_requests_total',
      'OpenRouter HTTP attempts by operation and status',
      ['operation', 'status'],
    ),
    openrouterSeconds: histogram(
      'openrouter_request_seconds',
      'OpenRouter time to response headers by operation',
      LATENCY,
      ['operation'],
    ),
    tokens: counter('tokens_total', 'Tokens billed, by model and type (prompt, completion)', [
      'model',
      'type',
    ]),
    costUsd: counter('cost_usd_total', 'OpenRouter cost in USD, by model', ['model']),
    refusals: counter(
      'policy_refusals_total',
      'Requests refused by policy, by code (budget, permission, rate)',
      ['code'],
    ),
    rateLimited: counter(
      'rate_limited_total',
      'Rate-limited calls: ours (policy) and upstream 429s, by source',
      ['source'],
    ),
    videoJobs: counter('video_jobs_total', 'Video job transitions, by state reached', ['state']),
    storeErrors: counter('store_errors_total', 'Errors reported by the state store'),
    watch(source, read, queue = '') {
      readers[source].set(queue, read);
    },
    model(slug) {
      if (!slug) return 'unknown';
      if (models.has(slug)) return slug;
      if (models.size >= maxModels) return 'other';
      models.add(slug);
      return slug;
    },
  };
}

/** The OpenRouter operation of a request path, with ids left out (`/videos/abc/content` → `videos.content`). */
export function operationOf(path: string): string {
  const bare = path.split('?')[0] ?? '';
  const known = OPERATIONS.find((op) => op.pattern.test(bare));
  return known?.name ?? 'other';
}

const OPERATIONS: { name: string; pattern: RegExp }[] = [
  { name: 'chat.completions', pattern: /\/chat\/completions$/ },
  { name: 'messages', pattern: /\/messages$/ },
  { name: 'responses', pattern: /\/responses$/ },
  { name: 'embeddings.models', pattern: /\/embeddings\/models$/ },
  { name: 'embeddings', pattern: /\/embeddings$/ },
  { name: 'rerank', pattern: /\/rerank$/ },
  { name: 'audio.speech', pattern: /\/audio\/speech$/ },
  { name: 'audio.transcriptions', pattern: /\/audio\/transcriptions$/ },
  { name: 'videos.models', pattern: /\/videos\/models$/ },
  { name: 'videos.content', pattern: /\/videos\/[^/]+\/content$/ },
  { name: 'videos.get', pattern: /\/videos\/[^/]+$/ },
  { name: 'videos.create', pattern: /\/videos$/ },
  { name: 'generation.content', pattern: /\/generation\/content$/ },
  { name: 'generation', pattern: /\/generation$/ },
  { name: 'models.count', pattern: /\/models\/count$/ },
  { name: 'models.user', pattern: /\/models\/user$/ },
  { name: 'models.endpoints', pattern: /\/models\/[^/]+\/[^/]+\/endpoints$/ },
  { name: 'model', pattern: /\/model\/[^/]+\/[^/]+$/ },
  { name: 'models', pattern: /\/models$/ },
  { name: 'providers', pattern: /\/providers$/ },
  { name: 'endpoints.zdr', pattern: /\/endpoints\/zdr$/ },
];
