/**
 * `/config permit command ids` and `/config unpermit command [ids]`: who may use a command.
 * A command with a list is open to admins and the listed roles / users (Slack: users, user groups)
 * only; without a list everyone may use it.
 */

import { defineSub, opt } from '../../src/command-model/command-builders.js';
import { cmd } from '../../src/command-model/command-ref.js';
import type { CommandContext } from '../../src/command-model/command-types.js';
import { InputError } from '../../src/common/errors.js';
import { audited, code, governance, idsOf, serverOfCtx } from './shared.js';

const commandOption = opt.string({
  description: 'Command, e.g. chat, video, speak, or a subcommand such as `video create`',
  required: true,
  maxLength: 64,
});

/** Names permission rules can use: commands, `group sub`, and message actions. */
function knownNames(ctx: CommandContext): string[] {
  const { commands, messageActions } = ctx.services.registry;
  const names = commands.flatMap((c) =>
    'subcommands' in c ? [c.name, ...Object.keys(c.subcommands).map((s) => `${c.name} ${s}`)] : [c.name],
  );
  return [...new Set([...names, ...messageActions.map((a) => a.permission ?? a.id)])];
}

function commandName(ctx: CommandContext, raw: string): string {
  const name = raw.trim().replace(/^\//, '').replace(/\s+/g, ' ').toLowerCase();
  const known = knownNames(ctx);
  if (!known.includes(name))
    throw new InputError(
      'INPUT.UNKNOWN_COMMAND',
      `There is no command ${code(name)}. Use one of: ${known.filter((n) => !n.includes(' ')).join(', ')} (or \`group subcommand\`).`,
    );
  return name;
}

const idWord = (ctx: CommandContext) => ctx.invocation.place?.permitIds ?? 'user';
const listed = (ids: string[]) => ids.map(code).join(', ');

export const permitSub = defineSub({
  description: 'Allow only these roles/users (Slack: users or user groups) to use a command',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    command: commandOption,
    ids: opt.string({
      description: 'Role/user ids or mentions, space-separated',
      required: true,
      maxLength: 2000,
    }),
  },
  async run(ctx, o) {
    const name = commandName(ctx, o.command);
    const ids = idsOf(ctx, o.ids, idWord(ctx));
    if (ids.length === 0) throw new InputError('INPUT.INVALID_OPTION', 'Name at least one role or user.');
    const next = await governance(ctx).settings.update(serverOfCtx(ctx), (g) => ({
      ...g,
      permits: { ...g.permits, [name]: [...new Set([...(g.permits[name] ?? []), ...ids])] },
    }));
    const all = next.permits[name] ?? [];
    await audited(ctx, `permit ${name}: +${ids.join(' ')} (now ${all.join(' ')})`);
    await ctx.reply.post({
      text: `🔐 ${cmd(name)} is now open to admins and ${listed(all)} only.`,
      ephemeral: true,
    });
  },
});

export const unpermitSub = defineSub({
  description: 'Remove roles/users from a command’s list (no ids: everyone may use it again)',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    command: commandOption,
    ids: opt.string({
      description: 'Role/user ids or mentions to remove (empty = remove the list)',
      maxLength: 2000,
    }),
  },
  async run(ctx, o) {
    const name = commandName(ctx, o.command);
    const ids = idsOf(ctx, o.ids, idWord(ctx));
    const next = await governance(ctx).settings.update(serverOfCtx(ctx), (g) => {
      const { [name]: current = [], ...rest } = g.permits;
      const kept = ids.length === 0 ? [] : current.filter((id) => !ids.includes(id));
      return { ...g, permits: kept.length > 0 ? { ...rest, [name]: kept } : rest };
    });
    const left = next.permits[name];
    await audited(ctx, `unpermit ${name}: ${ids.length ? `-${ids.join(' ')}` : 'list removed'}`);
    await ctx.reply.post({
      text: left
        ? `🔐 ${cmd(name)} is open to admins and ${listed(left)} only.`
        : `🔓 Everyone may use ${cmd(name)} again.`,
      ephemeral: true,
    });
  },
});
