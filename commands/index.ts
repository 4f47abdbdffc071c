/** The explicit list of every command, button and autocomplete source (no folder scans). */
import type { MessageActionDefinition } from '../src/command.js';
import { createRegistry, type Registry } from '../src/registry.js';
import { services } from '../src/services.js';
import { chatCommand } from './chat.js';
import { modelCommand } from './model.js';
import { regenerateButton } from './regenerate.js';
import { stopButton, stopCommand } from './stop.js';

export const commands = [chatCommand, modelCommand, stopCommand];
export const messageActions: MessageActionDefinition[] = [];

export function createCommandRegistry(): Registry {
  return createRegistry({
    commands,
    messageActions,
    buttons: [stopButton, regenerateButton],
    autocomplete: {
      model: async (query, _inv, svc) =>
        (await services({ services: svc } as never).catalogue.search(query, 25)).map((m) => ({
          name: m.id === m.name ? m.id : `${m.id} — ${m.name}`,
          value: m.id,
        })),
    },
  });
}
