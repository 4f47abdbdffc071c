/**
 * `/config dms on|off [commands]`: the bot-wide policy for direct messages outside any server (Discord DMs),
 * set by the bot's operators (ADMIN_USER_IDS) from a DM. Budgets, ZDR and models for DMs are set the same way
 * with `/config budget|zdr|models` in a DM; the DM_* environment variables are a floor these cannot loosen.
 */
import { defineSub, opt } from '../../src/command-model/command-builders.js';
import { PolicyError } from '../../src/common/errors.js';
import { audited, code, governance, serverOfCtx } from './shared.js';

export const dmsSub = defineSub({
  description: 'Direct messages (bot operators, in a DM): serve them or not, and which commands they may use',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    enabled: opt.choice({
      description: 'on or off',
      required: true,
      choices: [
        { name: 'on', value: 'on' },
        { name: 'off', value: 'off' },
      ],
    }),
    commands: opt.string({ description: 'Commands DMs may use, e.g. "chat usage" (empty = every command)' }),
  },
  async run(ctx, o) {
    const inv = ctx.invocation;
    if (inv.serverId || !inv.user.isBotAdmin)
      throw new PolicyError(
        'POLICY.DM_POLICY_ONLY_IN_DM',
        'The DM policy is bot-wide: only the bot’s operators (ADMIN_USER_IDS) can set it, from a direct message with the bot.',
      );
    const commands = (o.commands ?? '')
      .split(/[\s,]+/)
      .map((c) => c.replace(/^\//, '').trim())
      .filter(Boolean);
    await governance(ctx).settings.update(serverOfCtx(ctx), (g) => ({
      ...g,
      dms: { enabled: o.enabled === 'on', commands },
    }));
    const which = commands.length ? commands.map((c) => code(`/${c}`)).join(', ') : 'every command';
    const change = o.enabled === 'on' ? `DMs on (${which})` : 'DMs off';
    await audited(ctx, `dms: ${change}`);
    await ctx.reply.post({
      text:
        o.enabled === 'on'
          ? `💬 Direct messages are **on** for everyone, with ${which}.`
          : '🚫 Direct messages are **off**: everyone but the operators is told to use the bot in a server.',
      ephemeral: true,
    });
  },
});
