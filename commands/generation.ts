/**
 * `/generation info id:<id>` (GET /generation): model, provider, tokens, cost, latency, finish
 * reason. `/generation content id:<id>` (GET /generation/content): the stored prompt and
 * completion, only for the person who asked (or an admin), privately. The Details button under
 * every answer runs the info lookup; a button under the info card asks for the content.
 */

import { defineButton, defineGroup, defineSub, opt } from '../src/command-model/command-builders.js';
import type { CommandContext } from '../src/command-model/command-types.js';
import { InputError, PolicyError } from '../src/common/errors.js';
import { contentCards, generationCard } from '../src/lookups/generation-views.js';
import { assertMayReadContent } from '../src/lookups/generations.js';
import { OpenRouterError } from '../src/openrouter/errors.js';

/** OpenRouter can answer 404 for a moment right after a generation finished; ours are retried once. */
const RETRY_AFTER_MS = 800;
const idOption = opt.string({
  description: 'Generation id from an answer’s footer, e.g. gen-123…',
  required: true,
  maxLength: 120,
});

const is = (err: unknown, status: number) => err instanceof OpenRouterError && err.status === status;

function unknownGeneration(id: string, cause: unknown): InputError {
  return new InputError(
    'INPUT.UNKNOWN_GENERATION',
    `OpenRouter has no generation \`${id}\` for this bot’s key. Copy the id from an answer’s footer (it starts with gen-).`,
    { cause },
  );
}

async function showInfo(ctx: CommandContext, rawId: string, ephemeral: boolean): Promise<void> {
  const id = rawId.trim().replace(/^`|`$/g, '');
  const s = ctx.services;
  const ours = await s.generations.get(id);
  const fetch = () => s.client.getGeneration(id, { signal: ctx.signal });
  const g = await fetch()
    .catch(async (err: unknown) => {
      if (!is(err, 404) || !ours) throw err;
      await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
      return fetch();
    })
    .catch((err: unknown) => {
      throw is(err, 404) ? unknownGeneration(id, err) : err;
    });
  await ctx.reply.post({
    text: '',
    cards: [generationCard(g.data)],
    buttons: [{ action: 'generation-content', value: id, label: 'Prompt & completion' }],
    ...(ephemeral ? { ephemeral: true } : {}),
  });
}

async function showContent(ctx: CommandContext, rawId: string): Promise<void> {
  const id = rawId.trim().replace(/^`|`$/g, '');
  const s = ctx.services;
  assertMayReadContent(await s.generations.get(id), ctx.invocation);
  const content = await s.client.getGenerationContent(id, { signal: ctx.signal }).catch((err: unknown) => {
    if (is(err, 404)) throw unknownGeneration(id, err);
    if (is(err, 403))
      throw new PolicyError(
        'POLICY.CONTENT_NOT_STORED',
        'OpenRouter will not show this generation’s content: it keeps prompts and completions only when prompt logging is on for the account, and only some keys may read them. An admin can check https://openrouter.ai/settings/privacy.',
        { cause: err },
      );
    throw err;
  });
  await ctx.reply.post({ text: '', cards: contentCards(id, content.data), ephemeral: true });
}

export const generationCommand = defineGroup({
  name: 'generation',
  description: 'Look up a generation: its model, tokens, cost and latency, or its stored content',
  subcommands: {
    info: defineSub({
      description: 'Model, provider, tokens, cost, latency and finish reason of a generation',
      cost: 'free',
      options: { id: idOption },
      run: (ctx, o) => showInfo(ctx, o.id, false),
    }),
    content: defineSub({
      description: 'The stored prompt and completion (yours only, or any for admins), privately',
      cost: 'free',
      ephemeral: true,
      options: { id: idOption },
      run: (ctx, o) => showContent(ctx, o.id),
    }),
  },
});

/** The Details button under a finished answer. */
export const generationButton = defineButton({
  action: 'generation',
  cost: 'free',
  permission: 'generation',
  run: (ctx, id) => showInfo(ctx, id, true),
});

/** "Prompt & completion" under a generation card. */
export const generationContentButton = defineButton({
  action: 'generation-content',
  cost: 'free',
  permission: 'generation',
  run: (ctx, id) => showContent(ctx, id),
});
