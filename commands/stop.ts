/** `/stop` and the Stop button: abort answers being streamed (and with them the upstream request). */

import { defineButton, defineCommand } from '../src/command-model/command-builders.js';
import { isAdminNow } from '../src/command-model/command-types.js';

export const stopCommand = defineCommand({
  name: 'stop',
  description: 'Stop the answers you are getting in this channel',
  ephemeral: true,
  cost: 'free',
  async run(ctx) {
    const inv = ctx.invocation;
    const n = await ctx.services.streams.stopAll(inv.user.id, inv.channelId);
    await ctx.reply.post({
      text: n === 0 ? 'Nothing of yours is streaming here.' : `Stopped ${n} answer${n === 1 ? '' : 's'}.`,
      ephemeral: true,
    });
  },
});

export const stopButton = defineButton({
  action: 'stop',
  cost: 'free',
  async run(ctx, id) {
    const inv = ctx.invocation;
    const ok = await ctx.services.streams.stop(id, {
      userId: inv.user.id,
      isAdmin: await isAdminNow(inv.user),
    });
    if (!ok)
      await ctx.reply.post({
        text: 'That answer has already finished, or only the person who asked can stop it.',
        ephemeral: true,
      });
  },
});
