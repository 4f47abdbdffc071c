/** The pictures part of the core for the composition root: generated images, /imagine, spend summaries. */
import type { Logger } from 'pino';
import type { ImageSources } from '../chat/image-sources.js';
import type { Config } from '../config/load-config.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { GenerationOwners } from '../lookups/generations.js';
import type { ModelCatalogue } from '../models/catalogue.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Governance } from '../policy/governance-store.js';
import type { StateStore } from '../state/store.js';
import type { Surfaces } from '../surface/surface-factories.js';
import type { Ledger } from '../usage/ledger.js';
import { createGeneratedImages, GENERATED, GENERATED_IMAGE_MAX_BYTES } from './generated-images.js';
import { createImageModels } from './image-models.js';
import { createImagineService } from './imagine-service.js';
import { createSpendSummaries } from './spend-summary.js';

export function createPictureServices(
  config: Config & { chat: { systemPrompt?: string | undefined } },
  deps: {
    client: OpenRouterClient;
    store: StateStore;
    logger: Logger;
    catalogue: ModelCatalogue;
    conversations: ConversationStore;
    images: ImageSources;
    generations: Pick<GenerationOwners, 'record'>;
    surfaces: Surfaces;
    governance: {
      ledger: Pick<Ledger, 'between'>;
      settings: { get(where: { platform: string; serverId?: string }): Promise<Governance> };
      now: () => number;
    };
    systemPrompt: string;
  },
) {
  const generated = createGeneratedImages({ store: deps.store, maxBytes: GENERATED_IMAGE_MAX_BYTES });
  deps.images.register(GENERATED, generated.opener);
  const pictures = createImagineService(
    {
      defaultModel: config.pictures.defaultModel,
      systemPrompt: deps.systemPrompt,
      maxAttachmentBytes: config.downloads.maxAttachmentBytes,
      imageBytesPerMessage: config.chat.imageBytesPerMessage,
      imageBytesPerRequest: config.chat.imageBytesPerRequest,
    },
    {
      client: deps.client,
      models: createImageModels(deps.client, deps.catalogue),
      conversations: deps.conversations,
      generated,
      images: deps.images,
      generations: deps.generations,
      logger: deps.logger,
    },
  );
  const summaries = createSpendSummaries({
    store: deps.store,
    ledger: deps.governance.ledger,
    governance: deps.governance.settings,
    surfaces: deps.surfaces,
    logger: deps.logger,
    now: deps.governance.now,
  });
  return { generated, pictures, summaries };
}
