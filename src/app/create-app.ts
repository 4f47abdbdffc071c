/**
 * Builds the platform-free core from the configuration: OpenRouter client, stores, catalogue,
 * chat service, registry and dispatcher. Adapters (Discord, Slack, terminal) plug into the result.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createChatService } from '../chat/chat-service.js';
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
import { createGovernance } from '../policy/governance.js';
import { createLeaseLock } from '../state/lease-lock.js';
import { createLocalBus, type MessageBus } from '../state/message-bus.js';
import type { StateStore } from '../state/store.js';
import { createActiveStreams } from '../streaming/active-streams.js';
import { createEditScheduler, type EditScheduler } from '../streaming/edit-scheduler.js';
import { createSharedStreams } from '../streaming/shared-streams.js';
import { createSurfaces, type Surfaces } from '../surface/surface-factories.js';
import { createVideoService } from '../video/video-service.js';
import type { AppServices } from './app-services.js';

export interface App {
  registry: Registry;
  dispatcher: Dispatcher;
  services: AppServices;
  scheduler: EditScheduler;
  /** Adapters register how to reach a stored location again (see src/surface/surface-factories.ts). */
  surfaces: Surfaces;
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

export function createApp(
  config: Config,
  deps: {
    store: StateStore;
    logger: Logger;
    /** The command set (commands/index.ts); passed in so the core never imports the commands. */
    registry: Registry;
    client?: OpenRouterClient;
    now?: () => number;
    /** Messages between instances (Redis pub/sub with REDIS_URL); in-process when omitted. */
    bus?: MessageBus;
  },
): App {
  const { logger, store } = deps;
  // who this process is among several instances sharing one store
  const instanceId = randomUUID();
  const bus = deps.bus ?? createLocalBus();
  const governance = createGovernance(config.governance, {
    store,
    logger,
    ...(deps.now ? { now: deps.now } : {}),
  });
  // every billable call is recorded, ZDR-routed and model-checked here; the code below needs no changes
  const client = governance.govern(deps.client ?? createOpenRouterClient(clientConfig(config), { logger }));
  const conversations = createConversationStore(store, logger);
  const settings = createSettingsStore(store);
  const catalogue = createModelCatalogue(client, { logger, store, refreshEveryMs: 10 * 60 * 1000 });
  const lookups = createLookupServices(config.knowledge, { client, store, logger });
  const streams = createSharedStreams({ local: createActiveStreams(), store, bus, instanceId, logger });
  const scheduler = createEditScheduler();
  const chat = createChatService(
    {
      defaultModel: config.chat.defaultModel,
      defaultBackend: config.chat.defaultBackend,
      systemPrompt: config.chat.systemPrompt ?? DEFAULT_SYSTEM_PROMPT,
      fallbackModels: config.chat.fallbackModels,
      maxAttachmentBytes: config.downloads.maxAttachmentBytes,
      maxTokens: 4_096,
    },
    {
      client,
      conversations,
      settings,
      catalogue,
      streams,
      scheduler,
      logger,
      generations: lookups.generations,
      // answers in one conversation wait for each other, on every instance sharing the store
      turns: createLeaseLock(
        { prefix: 'turn:' },
        {
          locks: store.atomic.locks,
          onLeaseLost: (key) => logger.warn({ key }, 'conversation lock lease lost'),
          onError: (err) => logger.warn({ err }, 'conversation lock error'),
        },
      ),
    },
  );
  const ffmpeg = createFfmpeg({ path: config.voice.ffmpegPath }, { logger });
  const transcription = createTranscriptionService(
    {
      model: config.voice.sttModel,
      maxBytes: config.voice.maxAudioBytes,
      maxDurationSecs: config.voice.maxAudioSeconds,
    },
    { client, store, logger, ffmpeg },
  );
  const speech = createSpeechService(
    { model: config.voice.ttsModel, ...(config.voice.voices[0] ? { voice: config.voice.voices[0] } : {}) },
    { client, logger, ffmpeg },
  );
  const surfaces = createSurfaces();
  const video = createVideoService(
    {
      ...config.video,
      maxImageBytes: config.downloads.maxAttachmentBytes,
      ...(config.state.redisUrl ? { queue: { redisUrl: config.state.redisUrl } } : {}),
    },
    { client, store, surfaces, logger, instanceId },
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
    governance,
    ...lookups,
  };
  void video.start();
  const { registry } = deps;
  const dispatcher = createDispatcher({
    registry,
    services,
    logger,
    policy: governance.policy,
    onRefused: governance.onRefused,
  });
  return {
    registry,
    dispatcher,
    services,
    scheduler,
    surfaces,
    async close() {
      catalogue.close();
      await video.close();
      await client.close();
    },
  };
}
