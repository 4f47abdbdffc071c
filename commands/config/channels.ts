/** `/config channels mode [channels]`: where Switchboard answers (allow list, deny list, or everywhere). */

import { defineSub, opt } from '../../src/command-model/command-builders.js';
import { cmd } from '../../src/command-model/command-ref.js';
import { audited, governance, idsOf, serverOfCtx, where } from './shared.js';

export const channelsSub = defineSub({
  description: 'Answer only in some channels (allow), not in some (deny), or everywhere (off)',
  adminOnly: true,
  ephemeral: true,
  cost: 'free',
  options: {
    mode: opt.choice({
      description: 'allow: only the listed channels; deny: all but them; off: everywhere',
      required: true,
      choices: [
        { name: 'allow', value: 'allow' },
        { name: 'deny', value: 'deny' },
        { name: 'off', value: 'off' },
      ],
    }),
    channels: opt.string({
      description: 'Channel ids or #mentions, space-separated (empty = this channel)',
      maxLength: 2000,
    }),
  },
  async run(ctx, o) {
    const listed = o.mode === 'off' ? [] : idsOf(ctx, o.channels, 'channel');
    const ids = o.mode === 'off' ? [] : listed.length ? listed : [ctx.invocation.channelId];
    await governance(ctx).settings.update(serverOfCtx(ctx), (g) => ({
      ...g,
      channels: { mode: o.mode, ids },
    }));
    await audited(ctx, `channels: ${o.mode}${ids.length ? ` ${ids.join(' ')}` : ''}`);
    const names = ids.map(where).join(', ');
    const text =
      o.mode === 'off'
        ? '📍 Switchboard answers in every channel again.'
        : o.mode === 'allow'
          ? `📍 Switchboard now answers only in ${names}. Admins can still use it (and ${cmd('config')}) anywhere.`
          : `📍 Switchboard no longer answers in ${names}. Admins can still use it (and ${cmd('config')}) there.`;
    await ctx.reply.post({ text, ephemeral: true });
  },
});
