/** Public surface of the OpenRouter client. */
export { DEFAULT_MAX_BINARY_BYTES } from './binary.js';
export {
  createOpenRouterClient,
  DEFAULT_CLIENT_TIMEOUTS,
  type OpenRouterClient,
  type OpenRouterClientConfig,
  type OpenRouterClientDeps,
} from './client.js';
export * from './errors.js';
export type * from './events.js';
export { chatImages, imageDataUrl, responsesImages } from './images.js';
export type { SpeechRequest, TranscriptionRequest, TranscriptionResult } from './schemas/audio.js';
export type { ChatContentPart, ChatMessage, ChatRequest, ChatResult } from './schemas/chat.js';
export type { Generation, GenerationContent } from './schemas/generation.js';
export type { Capability, ImageModel } from './schemas/images.js';
export type {
  EmbeddingsRequest,
  EmbeddingsResult,
  RerankRequest,
  RerankResult,
} from './schemas/knowledge.js';
export type { MessagesRequest, MessagesResult } from './schemas/messages.js';
export type { Model, ModelEndpoints, ModelFilters, Provider, PublicEndpoint } from './schemas/models.js';
export type { ResponsesRequest, ResponsesResult } from './schemas/responses.js';
export type { VideoJob, VideoModel, VideoRequest, VideoStatus } from './schemas/videos.js';
