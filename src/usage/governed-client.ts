/**
 * The governed OpenRouter client: the same interface as the raw one, so chat, voice, video and
 * notebook code need no changes. For every billable call it (a) refuses models outside the server's
 * allow-list, (b) forces zero-data-retention routing when the server asks for it, and (c) records
 * the cost in the ledger once the call is over. Everything else passes straight through.
 */
import type { Logger } from 'pino';
import type { EventStream, ResultMeta } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { GovernanceStore } from '../policy/governance-store.js';
import { applyRequestRules } from '../policy/request-rules.js';
import type { StateStore } from '../state/store.js';
import type { BillableKind, Ledger } from './ledger.js';
import { meteredBinary, meteredStream } from './metered.js';
import {
  type Attribution,
  attributionOf,
  createUsageRecorder,
  SYSTEM,
  type UsageRecorder,
} from './recorder.js';
import { createVideoBilling } from './video-billing.js';

export interface GovernedClientDeps {
  ledger: Ledger;
  governance: GovernanceStore;
  store: StateStore;
  logger: Logger;
  lookupDelaysMs?: readonly number[];
}

export interface GovernedClient extends OpenRouterClient {
  readonly recorder: UsageRecorder;
}

type Body = { model?: unknown };
type PassThrough = Exclude<
  keyof OpenRouterClient,
  | 'chatCompletion'
  | 'streamChatCompletion'
  | 'createMessage'
  | 'streamMessage'
  | 'createResponse'
  | 'streamResponse'
  | 'createEmbeddings'
  | 'createRerank'
  | 'createTranscription'
  | 'createSpeech'
  | 'createVideo'
  | 'getVideo'
  | 'close'
>;

export function createGovernedClient(client: OpenRouterClient, deps: GovernedClientDeps): GovernedClient {
  const recorder = createUsageRecorder({
    client,
    ledger: deps.ledger,
    logger: deps.logger,
    ...(deps.lookupDelaysMs ? { lookupDelaysMs: deps.lookupDelaysMs } : {}),
  });
  const video = createVideoBilling(deps.store, recorder);

  async function prepare<B extends object>(body: B, who: Attribution): Promise<B> {
    if (who === SYSTEM) return body;
    return applyRequestRules(body, await deps.governance.get(who.account));
  }

  const modelOf = (body: object) => {
    const m = (body as Body).model;
    return typeof m === 'string' ? m : undefined;
  };

  /** A non-streamed JSON call: prepare, send, record from its meta. */
  async function json<B extends object, R extends { meta: ResultMeta }>(
    kind: BillableKind,
    body: B,
    send: (prepared: B) => Promise<R>,
  ): Promise<R> {
    const who = attributionOf();
    const prepared = await prepare(body, who);
    const result = await send(prepared);
    await recorder.settle(who, kind, result.meta, modelOf(prepared));
    return result;
  }

  async function stream<B extends object>(
    kind: BillableKind,
    body: B,
    open: (prepared: B) => Promise<EventStream>,
  ): Promise<EventStream> {
    const who = attributionOf();
    const prepared = await prepare(body, who);
    const inner = await open(prepared);
    return meteredStream(inner, (meta) => recorder.settle(who, kind, meta, modelOf(prepared)));
  }

  const pass = <K extends PassThrough>(name: K) =>
    ((...args: unknown[]) => (client[name] as (...a: unknown[]) => unknown)(...args)) as OpenRouterClient[K];

  return {
    recorder,
    chatCompletion: (body, opts) => json('chat', body, (b) => client.chatCompletion(b, opts)),
    streamChatCompletion: (body, opts) => stream('chat', body, (b) => client.streamChatCompletion(b, opts)),
    createMessage: (body, opts) => json('messages', body, (b) => client.createMessage(b, opts)),
    streamMessage: (body, opts) => stream('messages', body, (b) => client.streamMessage(b, opts)),
    createResponse: (body, opts) => json('responses', body, (b) => client.createResponse(b, opts)),
    streamResponse: (body, opts) => stream('responses', body, (b) => client.streamResponse(b, opts)),
    createEmbeddings: (body, opts) => json('embeddings', body, (b) => client.createEmbeddings(b, opts)),
    createRerank: (body, opts) => json('rerank', body, (b) => client.createRerank(b, opts)),
    createTranscription: (body, opts) =>
      json('transcription', body, (b) => client.createTranscription(b, opts)),
    async createSpeech(body, opts) {
      const who = attributionOf();
      const prepared = await prepare(body, who);
      const audio = await client.createSpeech(prepared, opts);
      return meteredBinary(audio, (meta) => recorder.settle(who, 'speech', meta, prepared.model));
    },
    async createVideo(body, opts) {
      const who = attributionOf();
      const prepared = await prepare(body, who);
      const job = await client.createVideo(prepared, opts);
      await video
        .started(job.data, who, prepared.model)
        .then(() => video.polled(job.data, job.meta))
        .catch((err: unknown) =>
          deps.logger.error({ err, job: job.data.id }, 'could not record a video job'),
        );
      return job;
    },
    async getVideo(jobId, opts) {
      const result = await client.getVideo(jobId, opts);
      await video
        .polled(result.data, result.meta)
        .catch((err: unknown) =>
          deps.logger.error({ err, job: jobId }, 'could not record the cost of a video job'),
        );
      return result;
    },
    getVideoContent: pass('getVideoContent'),
    listVideoModels: pass('listVideoModels'),
    listImageModels: pass('listImageModels'),
    getGeneration: pass('getGeneration'),
    getGenerationContent: pass('getGenerationContent'),
    listModels: pass('listModels'),
    countModels: pass('countModels'),
    listUserModels: pass('listUserModels'),
    getModel: pass('getModel'),
    listEndpoints: pass('listEndpoints'),
    listEmbeddingModels: pass('listEmbeddingModels'),
    listProviders: pass('listProviders'),
    listZdrEndpoints: pass('listZdrEndpoints'),
    async close() {
      await recorder.close();
      await client.close();
    },
  };
}
