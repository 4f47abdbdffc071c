/** The explicit list of every command, button and autocomplete source (no folder scans). */
import type { MessageActionDefinition } from '../src/command.js';
import { createRegistry, type Registry } from '../src/registry.js';
import { services } from '../src/services.js';
import { chatCommand } from './chat.js';
import { configCommand } from './config.js';
import { modelCommand } from './model.js';
import { regenerateButton } from './regenerate.js';
import { readAloudAction, speakCommand } from './speak.js';
import { stopButton, stopCommand } from './stop.js';
import { summarizeButton, transcribeAction, transcribeCommand } from './transcribe.js';

export const commands = [
  chatCommand,
  modelCommand,
  stopCommand,
  transcribeCommand,
  speakCommand,
  configCommand,
];
export const messageActions: MessageActionDefinition[] = [transcribeAction, readAloudAction];

export function createCommandRegistry(): Registry {
  return createRegistry({
    commands,
    messageActions,
    buttons: [stopButton, regenerateButton, summarizeButton],
    autocomplete: {
      model: async (query, _inv, svc) =>
        (await services({ services: svc } as never).catalogue.search(query, 25)).map((m) => ({
          name: m.id === m.name ? m.id : `${m.id} — ${m.name}`,
          value: m.id,
        })),
      voice: async (query, _inv, svc) =>
        services({ services: svc } as never)
          .voice.voices.filter((v) => v.toLowerCase().includes(query.toLowerCase()))
          .slice(0, 25)
          .map((v) => ({ name: v, value: v })),
    },
  });
}
