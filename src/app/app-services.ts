/** The app's services, handed to every command as `ctx.services` (typed; built in create-app.ts). */

import type { ChatService } from '../chat/chat-service.js';
import type { Registry } from '../command-model/command-registry.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { SettingsStore } from '../conversations/settings.js';
import type { Notebook } from '../knowledge/notebook.js';
import type { GenerationOwners } from '../lookups/generations.js';
import type { Pager } from '../lookups/pager.js';
import type { SpeechService } from '../media/speech-service.js';
import type { TranscriptRefs } from '../media/transcript-reply.js';
import type { TranscriptionService } from '../media/transcription-service.js';
import type { ModelCatalogue } from '../models/catalogue.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { ImagineService } from '../pictures/imagine-service.js';
import type { SpendSummaries } from '../pictures/spend-summary.js';
import type { TeamGovernance } from '../policy/governance.js';
import type { ActiveStreams } from '../streaming/active-streams.js';
import type { VideoService } from '../video/video-service.js';

export interface AppServices {
  client: OpenRouterClient;
  chat: ChatService;
  conversations: ConversationStore;
  settings: SettingsStore;
  catalogue: ModelCatalogue;
  streams: ActiveStreams;
  defaults: { model: string };
  transcription: TranscriptionService;
  speech: SpeechService;
  transcripts: TranscriptRefs;
  voice: { voices: string[]; sttModel: string; ttsModel: string };
  video: VideoService;
  /** /imagine and the image models' options. */
  pictures: ImagineService;
  /** Weekly / monthly spend summaries with a chart, opted into per channel. */
  summaries: SpendSummaries;
  /** Paged lookups (◀ / ▶), who made which generation, the team notebook. */
  pager: Pager;
  generations: GenerationOwners;
  notebook: Notebook;
  governance: TeamGovernance;
  /** The command set (names for permission rules, `/config permit`). */
  registry: Registry;
}
