/** Helpers the `/config` governance subcommands share: where, ids from mentions, the audit line. */

import { mention } from '../../src/command-model/command-ref.js';
import type { CommandContext } from '../../src/command-model/command-types.js';
import { InputError } from '../../src/common/errors.js';
import type { TeamGovernance } from '../../src/policy/governance.js';

export const governance = (ctx: CommandContext): TeamGovernance => ctx.services.governance;

export function serverOfCtx(ctx: CommandContext) {
  const inv = ctx.invocation;
  return { platform: inv.platform, ...(inv.serverId ? { serverId: inv.serverId } : {}) };
}

/** One id from what was typed: a bare id, or a mention in the platform's syntax (its adapter reads it). */
export function idOf(ctx: CommandContext, token: string): string | undefined {
  const t = token.trim().replace(/[,;]+$/, '');
  const mentioned = ctx.invocation.place?.idOf?.(t);
  if (mentioned) return mentioned;
  return /^[A-Za-z0-9]{2,32}$/.test(t) ? t : undefined;
}

/** Every id in a space/comma separated list; a token that is no id is an input error. */
export function idsOf(ctx: CommandContext, text: string | undefined, what: string): string[] {
  const tokens = (text ?? '').split(/[\s,]+/).filter(Boolean);
  const ids: string[] = [];
  for (const token of tokens) {
    const id = idOf(ctx, token);
    if (!id)
      throw new InputError(
        'INPUT.INVALID_ID',
        `\`${token}\` is not a ${what} id or mention. Mention them (@name, #channel) or paste their ids.`,
      );
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Records the change in the audit trail (one pino line + stored entry). */
export async function audited(ctx: CommandContext, detail: string): Promise<void> {
  const inv = ctx.invocation;
  await governance(ctx).audit.record({
    kind: 'config',
    platform: inv.platform,
    channelId: inv.channelId,
    userId: inv.user.id,
    command: inv.subcommand ? `${inv.command} ${inv.subcommand}` : inv.command,
    detail,
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
  });
}

export const code = (s: string) => `\`${s}\``;
export const who = (id: string) => mention(id);
export const where = (id: string) => `<#${id}>`;
