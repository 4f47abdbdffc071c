/**
 * `/config …`: admin settings for this channel or server. The team governance subcommands
 * (budgets, permissions, models, channels, ZDR, spend summary, show, audit) live in commands/config/.
 */

import { defineGroup, defineSub, opt } from '../src/command-model/command-builders.js';
import { auditSub } from './config/audit.js';
import { budgetSub } from './config/budget.js';
import { channelsSub } from './config/channels.js';
import { dmsSub } from './config/dms.js';
import { modelsSub } from './config/models.js';
import { permitSub, unpermitSub } from './config/permit.js';
import { audited } from './config/shared.js';
import { showSub } from './config/show.js';
import { summarySub } from './config/summary.js';
import { zdrSub } from './config/zdr.js';

export const configCommand = defineGroup({
  name: 'config',
  description: 'Admin settings for this channel and server',
  subcommands: {
    'auto-transcribe': defineSub({
      description: 'Transcribe every voice note posted in this channel (as a thread reply)',
      adminOnly: true,
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
      },
      async run(ctx, o) {
        const inv = ctx.invocation;
        const where = { platform: inv.platform, userId: inv.user.id, channelId: inv.channelId };
        await ctx.services.settings.set('channel', where, { autoTranscribe: o.enabled === 'on' });
        await audited(ctx, `auto-transcribe in <#${inv.channelId}>: ${o.enabled}`);
        await ctx.reply.post({
          text:
            o.enabled === 'on'
              ? '🎙️ Automatic transcription is **on** here: every voice note posted in this channel gets its transcript as a thread reply.'
              : 'Automatic transcription is **off** here. Anyone can still use Transcribe on a message.',
        });
      },
    }),
    budget: budgetSub,
    permit: permitSub,
    unpermit: unpermitSub,
    models: modelsSub,
    channels: channelsSub,
    zdr: zdrSub,
    summary: summarySub,
    dms: dmsSub,
    show: showSub,
    audit: auditSub,
  },
});
