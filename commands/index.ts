/** The explicit list of every command, button and autocomplete source (no folder scans). */

import type { AppServices } from '../src/app/app-services.js';
import { createRegistry, type Registry } from '../src/command-model/command-registry.js';
import type { MessageActionDefinition } from '../src/command-model/command-types.js';
import { chatCommand } from './chat.js';
import { configCommand } from './config.js';
import { generationButton, generationCommand, generationContentButton } from './generation.js';
import { IMAGE_CHOICES, imagineCommand } from './imagine.js';
import { kbCommand } from './kb.js';
import { saveToNotebookAction } from './kb-save.js';
import { modelCommand } from './model.js';
import { modelsCommand } from './models.js';
import { pageButton } from './page.js';
import { providersCommand, zdrCommand } from './providers.js';
import { regenerateButton } from './regenerate.js';
import { readAloudAction, speakCommand } from './speak.js';
import { stopButton, stopCommand } from './stop.js';
import { summarizeButton, transcribeAction, transcribeCommand } from './transcribe.js';
import { usageCommand } from './usage.js';
import { VIDEO_CHOICES, videoCancelButton, videoCommand } from './video.js';

export const commands = [
  chatCommand,
  modelCommand,
  stopCommand,
  transcribeCommand,
  speakCommand,
  configCommand,
  usageCommand,
  videoCommand,
  imagineCommand,
  modelsCommand,
  providersCommand,
  zdrCommand,
  generationCommand,
  kbCommand,
];
export const messageActions: MessageActionDefinition[] = [
  transcribeAction,
  readAloudAction,
  saveToNotebookAction,
];

export function createCommandRegistry(): Registry {
  return createRegistry({
    commands,
    messageActions,
    buttons: [
      stopButton,
      regenerateButton,
      summarizeButton,
      videoCancelButton,
      pageButton,
      generationButton,
      generationContentButton,
    ],
    autocomplete: {
      model: async (query, _inv, svc) =>
        (await svc.catalogue.search(query, 25)).map((m) => ({
          name: m.id === m.name ? m.id : `${m.id} — ${m.name}`,
          value: m.id,
        })),
      voice: async (query, _inv, svc) =>
        svc.voice.voices
          .filter((v) => v.toLowerCase().includes(query.toLowerCase()))
          .slice(0, 25)
          .map((v) => ({ name: v, value: v })),
      'video-model': async (query, _inv, svc) =>
        (await svc.video.models.list())
          .filter((m) => `${m.id} ${m.name}`.toLowerCase().includes(query.trim().toLowerCase()))
          .slice(0, 25)
          .map((m) => ({ name: `${m.id} — ${m.name}`, value: m.id })),
      'image-model': async (query, _inv, svc) => svc.pictures.models.search(query),
      ...Object.fromEntries(
        Object.entries(IMAGE_CHOICES).map(([source, kind]) => [
          source,
          async (query: string, _inv: unknown, svc: AppServices) => svc.pictures.models.choices(kind, query),
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(VIDEO_CHOICES).map(([source, kind]) => [
          source,
          async (query: string, _inv: unknown, svc: AppServices) => svc.video.models.choices(kind, query),
        ]),
      ),
    },
  });
}
