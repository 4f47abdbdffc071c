/** `/model set|show|reset [scope]`: the default model for you, this channel or this server; `/model info`. */

import { defineGroup, defineSub, opt } from '../src/command-model/command-builders.js';
import type { CommandContext } from '../src/command-model/command-types.js';
import { InputError, PolicyError } from '../src/common/errors.js';
import type { Scope } from '../src/conversations/settings.js';
import { modelInfoSub } from './model-info.js';

const scopeOption = opt.choice({
  description: 'Whose default (channel and server need an admin)',
  choices: [
    { name: 'me', value: 'me' },
    { name: 'this channel', value: 'channel' },
    { name: 'this server', value: 'server' },
  ],
});

function toScope(ctx: CommandContext, scope: 'me' | 'channel' | 'server' | undefined): Scope {
  const s: Scope = scope === 'channel' ? 'channel' : scope === 'server' ? 'server' : 'user';
  if (s !== 'user' && !ctx.invocation.user.isAdmin)
    throw new PolicyError(
      'POLICY.ADMIN_ONLY',
      `Only admins can change the ${s} default. Use scope:me for your own.`,
    );
  if (s === 'server' && !ctx.invocation.serverId)
    throw new InputError('INPUT.NO_SERVER', 'There is no server here (this is a DM). Use scope:me.');
  return s;
}

const where = (ctx: CommandContext) => {
  const inv = ctx.invocation;
  return {
    platform: inv.platform,
    userId: inv.user.id,
    channelId: inv.channelId,
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
  };
};
const label = { user: 'your', channel: 'this channel’s', server: 'this server’s' } as const;

export const modelCommand = defineGroup({
  name: 'model',
  description: 'Choose the default model for you, this channel or this server; look one up',
  subcommands: {
    set: defineSub({
      description: 'Set a default model',
      ephemeral: true,
      cost: 'free',
      options: {
        model: opt.string({
          description: 'Model id, e.g. openai/gpt-4o-mini',
          required: true,
          autocomplete: 'model',
        }),
        scope: scopeOption,
      },
      async run(ctx, o) {
        const scope = toScope(ctx, o.scope);
        const s = ctx.services;
        const known = await s.catalogue.get(o.model);
        if (!known) {
          const close = (await s.catalogue.search(o.model, 3)).map((m) => `\`${m.id}\``);
          throw new InputError(
            'INPUT.UNKNOWN_MODEL',
            `OpenRouter has no model \`${o.model}\`.${close.length ? ` Did you mean ${close.join(', ')}?` : ''}`,
          );
        }
        await s.settings.set(scope, where(ctx), { model: known.id });
        await ctx.reply.post({
          text: `Set ${label[scope]} default model to \`${known.id}\`.`,
          ephemeral: true,
        });
      },
    }),
    show: defineSub({
      description: 'Show which model answers here and why',
      ephemeral: true,
      cost: 'free',
      async run(ctx) {
        const s = ctx.services;
        const found = await s.settings.resolve('model', where(ctx));
        const text = found
          ? `\`${found.value}\` (${label[found.scope]} default)`
          : `\`${s.defaults.model}\` (the bot’s default)`;
        await ctx.reply.post({ text: `Model here: ${text}.`, ephemeral: true });
      },
    }),
    reset: defineSub({
      description: 'Remove a default model',
      ephemeral: true,
      cost: 'free',
      options: { scope: scopeOption },
      async run(ctx, o) {
        const scope = toScope(ctx, o.scope);
        await ctx.services.settings.reset(scope, where(ctx), 'model');
        await ctx.reply.post({ text: `Removed ${label[scope]} default model.`, ephemeral: true });
      },
    }),
    info: modelInfoSub,
  },
});
