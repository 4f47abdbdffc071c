/** The lookup and notebook services the composition root adds to ctx.services. */
import type { Logger } from 'pino';
import { createNotebook, type Notebook, type NotebookConfig } from '../knowledge/notebook.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { StateStore } from '../state/store.js';
import { createGenerationOwners, type GenerationOwners } from './generations.js';
import { createPager, type Pager } from './pager.js';

export interface LookupServices {
  pager: Pager;
  generations: GenerationOwners;
  notebook: Notebook;
}

export function createLookupServices(
  config: NotebookConfig,
  deps: { client: OpenRouterClient; store: StateStore; logger: Logger },
): LookupServices {
  return {
    pager: createPager(deps.store),
    generations: createGenerationOwners(deps.store),
    notebook: createNotebook(config, deps),
  };
}
