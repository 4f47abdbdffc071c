/** `/config …`: admin settings for this channel or server. */
import { defineGroup, defineSub, opt } from '../src/command-builders.js';
import type { SettingsStore } from '../src/conversations/settings.js';
import { services } from '../src/services.js';

export const configCommand = defineGroup({
  name: 'config',
  description: 'Admin settings for this channel and server',
  subcommands: {
    'auto-transcribe': defineSub({
      description: 'Transcribe every voice note posted in this channel (as a thread reply)',
      adminOnly: true,
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
        await services(ctx).settings.set('channel', where, { autoTranscribe: o.enabled === 'on' });
        ctx.logger.info({ audit: 'config', setting: 'autoTranscribe', value: o.enabled }, 'config changed');
        await ctx.reply.post({
          text:
            o.enabled === 'on'
              ? '🎙️ Automatic transcription is **on** here: every voice note posted in this channel gets its transcript as a thread reply.'
              : 'Automatic transcription is **off** here. Anyone can still use Transcribe on a message.',
        });
      },
    }),
  },
});

/** True when an admin turned automatic transcription on for this channel. */
export async function autoTranscribes(settings: SettingsStore, platform: string, channelId: string) {
  return (await settings.get('channel', { platform, userId: '', channelId })).autoTranscribe === true;
}
