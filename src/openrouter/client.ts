/**
 * The OpenRouter client: one typed method per operation of the API (23 in all), over one
 * keep-alive undici pool. Requests are validated before sending; responses after receiving.
 */
import { z } from 'zod';
import { createBinaryResult, DEFAULT_MAX_BINARY_BYTES } from './binary.js';
import { isPlainChatRequest } from './chat-request-fast-path.js';
import type { ApiResult, BinaryResult, CallOptions, EventStream } from './events.js';
import { callJson, validateRequest } from './json-call.js';
import {
  type SpeechRequest,
  speechRequestSchema,
  type TranscriptionRequest,
  type TranscriptionResult,
  transcriptionRequestSchema,
  transcriptionResultSchema,
} from './schemas/audio.js';
import { type ChatRequest, type ChatResult, chatRequestSchema, chatResultSchema } from './schemas/chat.js';
import { dataOf, listOf } from './schemas/common.js';
import {
  type Generation,
  type GenerationContent,
  generationContentSchema,
  generationSchema,
} from './schemas/generation.js';
import { type ImageModel, imageModelSchema } from './schemas/images.js';
import {
  type EmbeddingsRequest,
  type EmbeddingsResult,
  embeddingsRequestSchema,
  embeddingsResultSchema,
  type RerankRequest,
  type RerankResult,
  rerankRequestSchema,
  rerankResultSchema,
} from './schemas/knowledge.js';
import {
  type MessagesRequest,
  type MessagesResult,
  messagesRequestSchema,
  messagesResultSchema,
} from './schemas/messages.js';
import {
  type Model,
  type ModelEndpoints,
  type ModelFilters,
  modelCountSchema,
  modelEndpointsSchema,
  modelFiltersSchema,
  modelSchema,
  modelsListSchema,
  type Provider,
  type PublicEndpoint,
  providerSchema,
  publicEndpointSchema,
} from './schemas/models.js';
import {
  type ResponsesRequest,
  type ResponsesResult,
  responsesRequestSchema,
  responsesResultSchema,
} from './schemas/responses.js';
import {
  type VideoJob,
  type VideoModel,
  type VideoRequest,
  videoJobSchema,
  videoModelSchema,
  videoRequestSchema,
} from './schemas/videos.js';
import { createChatNormaliser } from './streams/chat-stream.js';
import { createEventStream } from './streams/event-stream.js';
import { createMessagesNormaliser } from './streams/messages-stream.js';
import type { StreamNormaliser } from './streams/normaliser.js';
import { createResponsesNormaliser } from './streams/responses-stream.js';
import { createTransport, type HttpCall, type TransportConfig, type TransportDeps } from './transport.js';
import { fromAnthropicUsage, fromChatUsage, fromResponsesUsage } from './usage.js';

/** A chat request as sent: the common text request as it is (it passes the schema), anything else through zod. */
const chatRequest = (body: ChatRequest): ChatRequest =>
  isPlainChatRequest(body) ? body : validateRequest(chatRequestSchema, body, 'chat request');

export type OpenRouterClientConfig = TransportConfig;
export type OpenRouterClientDeps = TransportDeps;

export const DEFAULT_CLIENT_TIMEOUTS = {
  connectTimeoutMs: 10_000,
  firstByteTimeoutMs: 120_000,
  idleTimeoutMs: 60_000,
};

export interface OpenRouterClient {
  chatCompletion(body: ChatRequest, opts?: CallOptions): Promise<ApiResult<ChatResult>>;
  streamChatCompletion(body: ChatRequest, opts?: CallOptions): Promise<EventStream>;
  createMessage(body: MessagesRequest, opts?: CallOptions): Promise<ApiResult<MessagesResult>>;
  streamMessage(body: MessagesRequest, opts?: CallOptions): Promise<EventStream>;
  createResponse(body: ResponsesRequest, opts?: CallOptions): Promise<ApiResult<ResponsesResult>>;
  streamResponse(body: ResponsesRequest, opts?: CallOptions): Promise<EventStream>;
  createEmbeddings(body: EmbeddingsRequest, opts?: CallOptions): Promise<ApiResult<EmbeddingsResult>>;
  createRerank(body: RerankRequest, opts?: CallOptions): Promise<ApiResult<RerankResult>>;
  createSpeech(body: SpeechRequest, opts?: CallOptions): Promise<BinaryResult>;
  createTranscription(
    body: TranscriptionRequest,
    opts?: CallOptions,
  ): Promise<ApiResult<TranscriptionResult>>;
  createVideo(body: VideoRequest, opts?: CallOptions): Promise<ApiResult<VideoJob>>;
  getVideo(jobId: string, opts?: CallOptions): Promise<ApiResult<VideoJob>>;
  getVideoContent(jobId: string, index?: number, opts?: CallOptions): Promise<BinaryResult>;
  listVideoModels(opts?: CallOptions): Promise<ApiResult<VideoModel[]>>;
  /** GET /images/models: image models with the parameters each accepts. */
  listImageModels(opts?: CallOptions): Promise<ApiResult<ImageModel[]>>;
  getGeneration(id: string, opts?: CallOptions): Promise<ApiResult<Generation>>;
  getGenerationContent(id: string, opts?: CallOptions): Promise<ApiResult<GenerationContent>>;
  listModels(filters?: ModelFilters, opts?: CallOptions): Promise<ApiResult<Model[]>>;
  countModels(
    filters?: Pick<ModelFilters, 'output_modalities'>,
    opts?: CallOptions,
  ): Promise<ApiResult<{ count: number }>>;
  listUserModels(opts?: CallOptions): Promise<ApiResult<Model[]>>;
  /** GET /model/{author}/{slug}: one model by author and slug, private ones included. */
  getModel(author: string, slug: string, opts?: CallOptions): Promise<ApiResult<Model>>;
  listEndpoints(author: string, slug: string, opts?: CallOptions): Promise<ApiResult<ModelEndpoints>>;
  listEmbeddingModels(opts?: CallOptions): Promise<ApiResult<Model[]>>;
  listProviders(opts?: CallOptions): Promise<ApiResult<Provider[]>>;
  listZdrEndpoints(opts?: CallOptions): Promise<ApiResult<PublicEndpoint[]>>;
  close(): Promise<void>;
}

const seg = encodeURIComponent;
const idSchema = z.string().trim().min(1, 'an id is required');

export function createOpenRouterClient(
  config: OpenRouterClientConfig,
  deps: OpenRouterClientDeps = {},
): OpenRouterClient {
  const transport = createTransport(config, deps);
  const json = <S extends z.ZodType, T>(spec: Parameters<typeof callJson<S, T>>[2], opts?: CallOptions) =>
    callJson(transport, config, spec, opts);
  const get = (path: string, query?: HttpCall['query']): HttpCall => ({ method: 'GET', path, query });
  const post = (path: string, body: unknown, accept?: string): HttpCall => ({
    method: 'POST',
    path,
    body,
    accept,
  });

  async function stream(path: string, body: object, normaliser: StreamNormaliser, opts?: CallOptions) {
    const res = await transport.send(post(path, { ...body, stream: true }, 'text/event-stream'), opts);
    return createEventStream(res, normaliser, config);
  }
  async function binary(call: HttpCall, opts: CallOptions = {}) {
    const res = await transport.send(call, opts);
    return createBinaryResult(res, opts.maxBytes ?? DEFAULT_MAX_BINARY_BYTES, config);
  }
  const models = (path: string, what: string, opts?: CallOptions, query?: HttpCall['query']) =>
    json({ call: get(path, query), schema: modelsListSchema, what, unwrap: (d) => d.data }, opts);

  return rejectInsteadOfThrow({
    chatCompletion: (body, opts) =>
      json(
        {
          call: post('/chat/completions', {
            ...chatRequest(body),
            stream: false,
          }),
          schema: chatResultSchema,
          what: 'chat completion',
          unwrap: (d) => d,
          meta: (d) => ({
            generationId: d.id,
            model: d.model,
            provider: d.provider,
            usage: fromChatUsage(d.usage),
          }),
        },
        opts,
      ),
    streamChatCompletion: (body, opts) =>
      stream('/chat/completions', chatRequest(body), createChatNormaliser(), opts),
    createMessage: (body, opts) =>
      json(
        {
          call: post('/messages', {
            ...validateRequest(messagesRequestSchema, body, 'messages request'),
            stream: false,
          }),
          schema: messagesResultSchema,
          what: 'message',
          unwrap: (d) => d,
          meta: (d) => ({ model: d.model, provider: d.provider, usage: fromAnthropicUsage(d.usage) }),
        },
        opts,
      ),
    streamMessage: (body, opts) =>
      stream(
        '/messages',
        validateRequest(messagesRequestSchema, body, 'messages request'),
        createMessagesNormaliser(),
        opts,
      ),
    createResponse: (body, opts) =>
      json(
        {
          call: post('/responses', {
            ...validateRequest(responsesRequestSchema, body, 'responses request'),
            stream: false,
          }),
          schema: responsesResultSchema,
          what: 'response',
          unwrap: (d) => d,
          meta: (d) => ({ model: d.model, usage: fromResponsesUsage(d.usage) }),
        },
        opts,
      ),
    streamResponse: (body, opts) =>
      stream(
        '/responses',
        validateRequest(responsesRequestSchema, body, 'responses request'),
        createResponsesNormaliser(),
        opts,
      ),
    createEmbeddings: (body, opts) =>
      json(
        {
          call: post('/embeddings', validateRequest(embeddingsRequestSchema, body, 'embeddings request')),
          schema: embeddingsResultSchema,
          what: 'embeddings',
          unwrap: (d) => d,
          meta: (d) => ({ generationId: d.id, model: d.model, usage: fromChatUsage(d.usage) }),
        },
        opts,
      ),
    createRerank: (body, opts) =>
      json(
        {
          call: post('/rerank', validateRequest(rerankRequestSchema, body, 'rerank request')),
          schema: rerankResultSchema,
          what: 'rerank',
          unwrap: (d) => d,
          meta: (d) => ({
            generationId: d.id,
            model: d.model,
            provider: d.provider,
            usage: d.usage
              ? { totalTokens: d.usage.total_tokens, cost: d.usage.cost ?? undefined }
              : undefined,
          }),
        },
        opts,
      ),
    createSpeech: (body, opts) =>
      binary(
        post('/audio/speech', validateRequest(speechRequestSchema, body, 'speech request'), 'audio/*'),
        opts,
      ),
    createTranscription: (body, opts) =>
      json(
        {
          call: post(
            '/audio/transcriptions',
            validateRequest(transcriptionRequestSchema, body, 'transcription request'),
          ),
          schema: transcriptionResultSchema,
          what: 'transcription',
          unwrap: (d) => d,
          meta: (d) => ({
            usage: d.usage
              ? {
                  promptTokens: d.usage.input_tokens,
                  completionTokens: d.usage.output_tokens,
                  totalTokens: d.usage.total_tokens,
                  cost: d.usage.cost ?? undefined,
                }
              : undefined,
          }),
        },
        opts,
      ),
    createVideo: (body, opts) =>
      json(
        {
          call: post('/videos', validateRequest(videoRequestSchema, body, 'video request')),
          schema: videoJobSchema,
          what: 'video job',
          unwrap: (d) => d,
          meta: (d) => ({ generationId: d.generation_id ?? undefined }),
        },
        opts,
      ),
    getVideo: (jobId, opts) =>
      json(
        {
          call: get(`/videos/${seg(validateRequest(idSchema, jobId, 'video job id'))}`),
          schema: videoJobSchema,
          what: 'video job',
          unwrap: (d) => d,
          meta: (d) => ({
            generationId: d.generation_id ?? undefined,
            usage: d.usage?.cost != null ? { cost: d.usage.cost } : undefined,
          }),
        },
        opts,
      ),
    getVideoContent: (jobId, index = 0, opts) =>
      binary(
        {
          ...get(`/videos/${seg(validateRequest(idSchema, jobId, 'video job id'))}/content`, {
            index: validateRequest(z.number().int().min(0), index, 'video index'),
          }),
          accept: 'video/mp4',
        },
        opts,
      ),
    listVideoModels: (opts) =>
      json(
        {
          call: get('/videos/models'),
          schema: listOf(videoModelSchema),
          what: 'video models',
          unwrap: (d) => d.data,
        },
        opts,
      ),
    listImageModels: (opts) =>
      json(
        {
          call: get('/images/models'),
          schema: listOf(imageModelSchema),
          what: 'image models',
          unwrap: (d) => d.data,
        },
        opts,
      ),
    getGeneration: (id, opts) =>
      json(
        {
          call: get('/generation', { id: validateRequest(idSchema, id, 'generation id') }),
          schema: dataOf(generationSchema),
          what: 'generation',
          unwrap: (d) => d.data,
          meta: (d) => ({
            generationId: d.data.id,
            model: d.data.model,
            provider: d.data.provider_name ?? undefined,
          }),
        },
        opts,
      ),
    getGenerationContent: (id, opts) =>
      json(
        {
          call: get('/generation/content', { id: validateRequest(idSchema, id, 'generation id') }),
          schema: dataOf(generationContentSchema),
          what: 'generation content',
          unwrap: (d) => d.data,
        },
        opts,
      ),
    listModels: (filters, opts) =>
      models('/models', 'models', opts, validateRequest(modelFiltersSchema, filters ?? {}, 'model filters')),
    countModels: (filters, opts) =>
      json(
        {
          call: get('/models/count', { output_modalities: filters?.output_modalities }),
          schema: modelCountSchema,
          what: 'model count',
          unwrap: (d) => ({ count: d.data.count }),
        },
        opts,
      ),
    listUserModels: (opts) => models('/models/user', 'user models', opts),
    getModel: (author, slug, opts) =>
      json(
        {
          call: get(
            `/model/${seg(validateRequest(idSchema, author, 'model author'))}/${seg(validateRequest(idSchema, slug, 'model slug'))}`,
          ),
          schema: dataOf(modelSchema),
          what: 'model',
          unwrap: (d) => d.data,
        },
        opts,
      ),
    listEndpoints: (author, slug, opts) =>
      json(
        {
          call: get(
            `/models/${seg(validateRequest(idSchema, author, 'model author'))}/${seg(validateRequest(idSchema, slug, 'model slug'))}/endpoints`,
          ),
          schema: dataOf(modelEndpointsSchema),
          what: 'model endpoints',
          unwrap: (d) => d.data,
        },
        opts,
      ),
    listEmbeddingModels: (opts) => models('/embeddings/models', 'embedding models', opts),
    listProviders: (opts) =>
      json(
        { call: get('/providers'), schema: listOf(providerSchema), what: 'providers', unwrap: (d) => d.data },
        opts,
      ),
    listZdrEndpoints: (opts) =>
      json(
        {
          call: get('/endpoints/zdr'),
          schema: listOf(publicEndpointSchema),
          what: 'ZDR endpoints',
          unwrap: (d) => d.data,
        },
        opts,
      ),
    close: () => transport.close(),
  });
}

/**
 * Methods validate their input before any I/O; a bad argument must still come back as a rejected
 * promise (callers chain `.catch`), never as a synchronous throw.
 */
function rejectInsteadOfThrow(client: OpenRouterClient): OpenRouterClient {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(client) as Array<[string, (...args: unknown[]) => unknown]>) {
    wrapped[name] = (...args: unknown[]) => {
      try {
        return method(...args);
      } catch (err) {
        return Promise.reject(err);
      }
    };
  }
  return wrapped as unknown as OpenRouterClient;
}
