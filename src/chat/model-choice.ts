/** Which model answers: explicit option > the thread's model > user > channel > server > DEFAULT_MODEL. */
import { cmd } from '../command-model/command-ref.js';
import { InputError } from '../common/errors.js';
import type { ResolvedSettings } from '../conversations/settings.js';
import type { Conversation } from '../conversations/types.js';
import type { ModelCatalogue, ModelInfo } from '../models/catalogue.js';

export async function resolveModel(
  explicit: string | undefined,
  conversation: Conversation | undefined,
  settings: ResolvedSettings,
  fallback: string,
  deps: { catalogue: ModelCatalogue; logger?: { warn(o: object, m: string): void } },
): Promise<ModelInfo> {
  const id = explicit ?? conversation?.model ?? settings.pick('model')?.value ?? fallback;
  let known: ModelInfo | undefined;
  try {
    known = await deps.catalogue.get(id);
  } catch (err) {
    // the catalogue is a convenience: without it, trust the id and let OpenRouter judge
    deps.logger?.warn({ err }, 'model list unavailable; using the model id as given');
    return { id, name: id, inputModalities: ['text'] };
  }
  if (known) return known;
  const close = (await deps.catalogue.search(id, 3)).map((m) => `\`${m.id}\``);
  throw new InputError(
    'INPUT.UNKNOWN_MODEL',
    `OpenRouter has no model \`${id}\`.${close.length ? ` Did you mean ${close.join(', ')}?` : ''} ` +
      `Pick one from the \`model\` option’s suggestions, or see the list with ${cmd('models search')}.`,
  );
}
