/** `/config show`: every governance setting of this server / workspace, ZDR first. */

import { defineSub } from '../../src/command-model/command-builders.js';
import { cmd } from '../../src/command-model/command-ref.js';
import type { CommandContext } from '../../src/command-model/command-types.js';
import type { Governance, Limits } from '../../src/policy/governance-store.js';
import { accountOf } from '../../src/policy/policy.js';
import { usd } from '../../src/usage/periods.js';
import { code, governance, serverOfCtx, where, who } from './shared.js';

function limits(l: Limits | undefined): string {
  const parts = [
    l?.day !== undefined ? `${usd(l.day)}/day` : '',
    l?.month !== undefined ? `${usd(l.month)}/month` : '',
  ];
  return parts.filter(Boolean).join(', ') || 'no limit';
}

export function describeGovernance(g: Governance, extra: { expensivePerHour: number }): string[] {
  const b = g.budgets;
  const budgetLines = [
    `• every user: ${limits(b.user)}`,
    ...Object.entries(b.users).map(([id, l]) => `• ${who(id)}: ${limits(l)}`),
    ...Object.entries(b.channels).map(([id, l]) => `• ${where(id)}: ${limits(l)}`),
    `• this server: ${limits(b.server)}`,
  ];
  const permits = Object.entries(g.permits);
  const { mode, ids } = g.channels;
  return [
    `**Privacy:** zero-data-retention routing ${g.zdr ? '**on** (`provider.zdr`, `data_collection: deny` on every request)' : 'off'}`,
    '**Budgets** (USD, reset 00:00 UTC / on the 1st):',
    ...budgetLines,
    `**Rate limit:** ${extra.expensivePerHour > 0 ? `${extra.expensivePerHour} speech/video commands per user per hour` : 'none'}`,
    `**Models:** ${g.models.length ? g.models.map(code).join(', ') : 'every model'}`,
    `**Channels:** ${mode === 'off' ? 'every channel' : `${mode === 'allow' ? 'only' : 'all but'} ${ids.map(where).join(', ')}`}`,
    `**Permissions:** ${permits.length ? '' : 'everyone may use every command (admin commands: admins only)'}`,
    ...permits.map(([name, list]) => `• ${cmd(name)}: admins and ${list.map(code).join(', ')}`),
  ];
}

async function autoTranscribeHere(ctx: CommandContext): Promise<boolean> {
  const inv = ctx.invocation;
  const s = await ctx.services.settings.get('channel', {
    platform: inv.platform,
    userId: '',
    channelId: inv.channelId,
  });
  return s.autoTranscribe === true;
}

export const showSub = defineSub({
  description: 'Show every team setting of this server: privacy, budgets, models, channels, permissions',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  async run(ctx) {
    const gov = governance(ctx);
    const inv = ctx.invocation;
    const g = await gov.settings.get(serverOfCtx(ctx));
    const lines = describeGovernance(g, { expensivePerHour: gov.expensivePerHour });
    const rules = await gov.rulesFor(accountOf(inv));
    if (rules.dm)
      lines.push(
        `**Direct messages:** ${rules.dmEnabled ? 'on' : 'off'}${rules.dmCommands.length ? ` (only ${rules.dmCommands.map((c) => code(`/${c}`)).join(', ')})` : ''}`,
      );
    lines.push(
      `**In effect here:** ZDR ${rules.zdr ? 'on' : 'off'}; ${rules.modelSets.length ? `models must match ${rules.modelSets.map((set) => set.map(code).join(' or ')).join(' and ')}` : 'every model'}`,
      `**Why:** ${rules.reasons.join('; ')}.`,
    );
    lines.push(`**Auto-transcribe in this channel:** ${(await autoTranscribeHere(ctx)) ? 'on' : 'off'}`);
    await ctx.reply.post({ text: `⚙️ **Team settings here**\n${lines.join('\n')}`, ephemeral: true });
  },
});
