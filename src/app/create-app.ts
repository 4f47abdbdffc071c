/**
 * Builds the platform-free core from the configuration: OpenRouter client, stores, catalogue,
 * chat service, registry and dispatcher. Adapters (Discord, Slack, terminal) plug into the result.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createAnswerJournal } from '../chat/answer-journal.js';
import { recoverInterrupted, type Take } from '../chat/answer-recovery.js';
import { type ChatConfig, type ChatDeps, type ChatService, createChatService } from '../chat/chat-service.js';
import { createImageSources, type ImageSources } from '../chat/image-sources.js';
import { createMessageHandler, type MessageHandler } from '../chat/incoming-message.js';
import { DEFAULT_SYSTEM_PROMPT } from '../chat/system-prompt.js';
import type { Registry } from '../command-model/command-registry.js';
import type { Config } from '../config/load-config.js';
import { createConversationStore } from '../conversations/conversation-store.js';
import { createSettingsStore } from '../conversations/settings.js';
import { createDispatcher, type Dispatcher } from '../dispatch/dispatcher.js';
import { createLookupServices } from '../lookups/services.js';
import { createFfmpeg } from '../media/ffmpeg.js';
import { createSpeechService } from '../media/speech-service.js';
import { createTranscriptRefs } from '../media/transcript-reply.js';
import { createTranscriptionService } from '../media/transcription-service.js';
import { createModelCatalogue } from '../models/catalogue.js';
import { createOpenRouterClient, type OpenRouterClient } from '../openrouter/index.js';
import type { Metrics } from '../ops/metrics.js';
import type { WorkGate } from '../ops/work-gate.js';
import { createPictureServices } from '../pictures/picture-services.js';
import { createGovernance } from '../policy/governance.js';
import { createInstancePresence, type InstancePresence } from '../state/instance-presence.js';
import { createLeaseLock } from '../state/lease-lock.js';
import { createLocalBus, type MessageBus } from '../state/message-bus.js';
import type { StateStore } from '../state/store.js';
import { createActiveStreams } from '../streaming/active-streams.js';
import { createEditScheduler, type EditScheduler } from '../streaming/edit-scheduler.js';
import { createSharedStreams } from '../streaming/shared-streams.js';
import { createSurfaces, type Surfaces } from '../surface/surface-factories.js';
import type { GovernedClient } from '../usage/governed-client.js';
import { createVideoService } from '../video/video-service.js';
import type { AppServices } from './app-services.js';

export interface App {
  registry: Registry;
  dispatcher: Dispatcher;
  /** Mentions, thread replies, DMs and voice notes → answers (adapters translate their events). */
  messages: MessageHandler;
  services: AppServices;
  scheduler: EditScheduler;
  /** Adapters register how to reach a stored location again (see src/surface/surface-factories.ts). */
  surfaces: Surfaces;
  /** Adapters register how to fetch an earlier image again (see src/chat/image-sources.ts). */
  images: ImageSources;
  /**
   * Finishes answers a crash cut off (see src/chat/answer-recovery.ts); call once the platforms
   * are connected. `all`: a single instance (nothing else streams); else only stale entries.
   */
  recoverAnswers(take: Take): Promise<number>;
  /** This process among the instances sharing the store (its id, and who else is alive). */
  instance: InstancePresence;
  close(): Promise<void>;
}

export function clientConfig(config: Config) {
  const o = config.openrouter;
  return {
    baseUrl: o.baseUrl,
    apiKey: o.apiKey,
    appTitle: o.appTitle,
    appCategories: o.appCategories,
    connectTimeoutMs: o.timeouts.connectMs,
    firstByteTimeoutMs: o.timeouts.firstByteMs,
    idleTimeoutMs: o.timeouts.idleMs,
    maxRetries: o.maxRetries,
    ...(o.appUrl ? { appUrl: o.appUrl } : {}),
  };
}

function chatConfig(config: Config): ChatConfig {
  return {
    defaultModel: config.chat.defaultModel,
    defaultBackend: config.chat.defaultBackend,
    systemPrompt: config.chat.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
    fallbackModels: config.chat.fallbackModels,
    maxAttachmentBytes: config.downloads.maxAttachmentBytes,
    maxTokens: 4_096,
    imageBytesPerMessage: config.chat.imageBytesPerMessage,
    imageBytesPerRequest: config.chat.imageBytesPerRequest,
  };
}

/** Transcription and speech share one ffmpeg. */
function createVoiceServices(
  config: Config,
  deps: { client: OpenRouterClient; store: StateStore; logger: Logger },
): Pick<AppServices, 'transcription' | 'speech'> {
  const { voice } = config;
  const ffmpeg = createFfmpeg({ path: voice.ffmpegPath }, { logger: deps.logger });
  return {
    transcription: createTranscriptionService(
      { model: voice.sttModel, maxBytes: voice.maxAudioBytes, maxDurationSecs: voice.maxAudioSeconds },
      { ...deps, ffmpeg },
    ),
    speech: createSpeechService(
      { model: voice.ttsModel, ...(voice.voices[0] ? { voice: voice.voices[0] } : {}) },
      { client: deps.client, logger: deps.logger, ffmpeg },
    ),
  };
}

export interface AppDeps {
  store: StateStore;
  logger: Logger;
  /** The command set (commands/index.ts); passed in so the core never imports the commands. */
  registry: Registry;
  client?: OpenRouterClient;
  now?: () => number;
  /** Ops metrics (src/ops/metrics.ts); nothing is counted without them. */
  metrics?: Metrics;
  /** Closed at shutdown: the dispatcher then refuses new work. */
  gate?: WorkGate;
  /** Messages between instances (Redis pub/sub with REDIS_URL); in-process when omitted. */
  bus?: MessageBus;
}

/**
 * One answer at a time per conversation, on every instance sharing the store (Redis). A store only
 * one process uses (SQLite, memory) keeps the in-process lock: a lock left in the file by a crash
 * would otherwise hold the thread for a lease after the restart.
 */
function turnLock(store: StateStore, logger: Logger) {
  if (store.kind !== 'redis') return undefined;
  return createLeaseLock(
    { prefix: 'turn:' },
    {
      locks: store.atomic.locks,
      onLeaseLost: (key) => logger.warn({ key }, 'conversation lock lease lost'),
      onError: (err) => logger.warn({ err }, 'conversation lock error'),
    },
  );
}

/** Governance, and the OpenRouter client it governs: every billable call is recorded, ZDR-routed and model-checked. */
function governedClient(config: Config, deps: AppDeps) {
  const { logger, store, metrics } = deps;
  const counted = metrics ? { metrics } : {};
  const governance = createGovernance(config.governance, {
    store,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
    ...counted,
  });
  // listing models is not billable: the catalogue reads the raw client and prices the reservations
  const raw = deps.client ?? createOpenRouterClient(clientConfig(config), { logger, ...counted });
  const catalogue = createModelCatalogue(raw, { logger, store, refreshEveryMs: 10 * 60 * 1000 });
  const client = governance.govern(raw, { prices: (model) => catalogue.get(model) });
  return { governance, client, catalogue };
}

/**
 * The chat use case with what it keeps: the journal of streaming answers, and the recovery of those
 * a crash cut off (src/chat/answer-recovery.ts).
 */
function createChatParts(
  config: Config,
  deps: AppDeps,
  parts: Omit<ChatDeps, 'logger' | 'journal' | 'reachable' | 'metrics' | 'now'> & {
    client: GovernedClient;
    surfaces: Surfaces;
    presence: InstancePresence;
  },
): { chat: ChatService; recoverAnswers: App['recoverAnswers'] } {
  const { logger, store, metrics } = deps;
  const { surfaces, presence, ...rest } = parts;
  const journal = createAnswerJournal(store, {
    logger,
    instanceId: presence.id,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const chat = createChatService(chatConfig(config), {
    ...rest,
    logger,
    journal,
    reachable: surfaces.has,
    ...(metrics ? { metrics } : {}),
  });
  const { client, conversations } = parts;
  const recovery = {
    journal,
    conversations,
    surfaces,
    client,
    recorder: client.recorder,
    logger,
    presence,
    claims: store.atomic.claims,
  };
  return { chat, recoverAnswers: (take) => recoverInterrupted(recovery, take) };
}

/** Who this process is among several instances sharing one store (a fresh id per start). */
function thisInstance(store: StateStore, logger: Logger): InstancePresence {
  return createInstancePresence(
    { id: randomUUID() },
    { store, onError: (err) => logger.warn({ err }, 'could not renew this instance') },
  );
}

/** Streams are recorded in the store only where other instances could be asked to stop one (Redis). */
function streamsFor(store: AppDeps['store'], bus: MessageBus, instanceId: string, logger: AppDeps['logger']) {
  const local = createActiveStreams();
  return store.kind === 'redis' ? createSharedStreams({ local, store, bus, instanceId, logger }) : local;
}

export function createApp(config: Config, deps: AppDeps): App {
  const { logger, store, metrics } = deps;
  const counted = metrics ? { metrics } : {};
  const { governance, client, catalogue } = governedClient(config, deps);
  const conversations = createConversationStore(store, logger);
  const settings = createSettingsStore(store);
  const lookups = createLookupServices(config.knowledge, { client, store, logger });
  const presence = thisInstance(store, logger);
  const instanceId = presence.id;
  const bus = deps.bus ?? createLocalBus();
  const turns = turnLock(store, logger);
  const streams = streamsFor(store, bus, instanceId, logger);
  metrics?.watch('activeStreams', () => streams.size);
  const scheduler = createEditScheduler();
  const images = createImageSources();
  const surfaces = createSurfaces();
  const { generated, pictures, summaries } = createPictureServices(config, {
    client,
    store,
    logger,
    catalogue,
    conversations,
    images,
    generations: lookups.generations,
    surfaces,
    governance,
    systemPrompt: chatConfig(config).systemPrompt,
  });
  const shared = { client, conversations, settings, catalogue, streams, scheduler, images, surfaces };
  const { chat, recoverAnswers } = createChatParts(config, deps, {
    ...shared,
    ...(turns ? { turns } : {}),
    generated,
    generations: lookups.generations,
    presence,
  });
  const { transcription, speech } = createVoiceServices(config, { client, store, logger });
  const video = createVideoService(
    {
      ...config.video,
      maxImageBytes: config.downloads.maxAttachmentBytes,
      ...(config.state.redisUrl ? { queue: { redisUrl: config.state.redisUrl } } : {}),
    },
    { client, store, surfaces, logger, presence, ...counted },
  );
  const services: AppServices = {
    client,
    chat,
    conversations,
    settings,
    catalogue,
    streams,
    defaults: { model: config.chat.defaultModel },
    transcription,
    speech,
    transcripts: createTranscriptRefs(store),
    voice: { voices: config.voice.voices, sttModel: config.voice.sttModel, ttsModel: config.voice.ttsModel },
    video,
    pictures,
    summaries,
    governance,
    registry: deps.registry,
    ...lookups,
  };
  void video.start();
  summaries.start();
  const dispatcher = dispatcherFor(services, deps);
  return {
    registry: deps.registry,
    dispatcher,
    messages: createMessageHandler({ dispatcher, conversations, settings }),
    services,
    scheduler,
    surfaces,
    images,
    recoverAnswers,
    instance: presence,
    async close() {
      catalogue.close();
      summaries.close();
      await video.close();
      // cost lookups still waiting are recorded now (with an unknown cost), before the store closes
      await client.recorder.close();
      await client.close();
      await presence.stop();
    },
  };
}

function dispatcherFor(services: AppServices, deps: AppDeps): Dispatcher {
  return createDispatcher({
    registry: deps.registry,
    services,
    logger: deps.logger,
    policy: services.governance.policy,
    onRefused: services.governance.onRefused,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.gate ? { gate: deps.gate } : {}),
  });
}
