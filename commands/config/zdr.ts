/** `/config zdr on|off|preview`: force zero-data-retention routing on every request of this server. */

import { defineSub, opt } from '../../src/command-model/command-builders.js';
import type { CommandContext } from '../../src/command-model/command-types.js';
import { zdrPreview } from '../../src/policy/zdr-preview.js';
import { audited, governance, serverOfCtx } from './shared.js';

/** The models in use here: the bot's, this server's and this channel's defaults. */
async function modelsInUse(ctx: CommandContext): Promise<string[]> {
  const s = ctx.services;
  const inv = ctx.invocation;
  const where = {
    platform: inv.platform,
    userId: inv.user.id,
    channelId: inv.channelId,
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
  };
  const scoped = await Promise.all(
    (['server', 'channel'] as const).map(async (scope) => (await s.settings.get(scope, where)).model),
  );
  return [s.defaults.model, ...scoped.filter((m): m is string => !!m)];
}

export const zdrSub = defineSub({
  description: 'Force zero-data-retention routing (provider.zdr, data_collection: deny) on every request',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    enabled: opt.choice({
      description: 'on, off, or preview (what ZDR would leave, without changing anything)',
      required: true,
      choices: [
        { name: 'on', value: 'on' },
        { name: 'off', value: 'off' },
        { name: 'preview', value: 'preview' },
      ],
    }),
  },
  async run(ctx, o) {
    const s = ctx.services;
    const inUse = o.enabled === 'off' ? [] : await modelsInUse(ctx);
    const preview = () => zdrPreview({ client: s.client, catalogue: s.catalogue }, inUse);
    if (o.enabled === 'preview') {
      await ctx.reply.post({
        text: `🔒 **ZDR preview** (nothing changed)\n${await preview()}`,
        ephemeral: true,
      });
      return;
    }
    await governance(ctx).settings.update(serverOfCtx(ctx), (g) => ({ ...g, zdr: o.enabled === 'on' }));
    await audited(ctx, `zdr: ${o.enabled}`);
    const text =
      o.enabled === 'on'
        ? `🔒 Zero-data-retention routing is **on**: every request from this server now asks OpenRouter for ZDR endpoints only (\`provider.zdr: true\`, \`data_collection: deny\`).\n${await preview()}`
        : '🔓 Zero-data-retention routing is **off**: OpenRouter routes to any provider again (your account’s privacy settings still apply).';
    await ctx.reply.post({ text, ephemeral: true });
  },
});
