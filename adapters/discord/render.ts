/** OutgoingMessage → discord.js message options: footer as subtext, buttons, cards as embeds, files, and no pings ever. */

import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import { withCommandSyntax } from '../../src/command-model/command-ref.js';
import { asBuffer } from '../../src/files/bytes.js';
import type { ButtonSpec, OutgoingMessage } from '../../src/surface/reply-surface.js';
import { toEmbeds } from './embeds.js';

/** Model output may contain @everyone, @here, <@&role> or <@user>: none of them may ping. */
export const NO_PINGS = { parse: [] as never[], repliedUser: false };

const STYLE = { primary: ButtonStyle.Primary, secondary: ButtonStyle.Secondary, danger: ButtonStyle.Danger };

export function customId(b: ButtonSpec): string {
  return `${b.action}:${b.value}`.slice(0, 100);
}

function rows(buttons: ButtonSpec[] | undefined) {
  if (!buttons?.length) return [];
  const row = new ActionRowBuilder<ButtonBuilder>();
  for (const b of buttons.slice(0, 5))
    row.addComponents(
      new ButtonBuilder()
        .setCustomId(customId(b))
        .setLabel(b.label)
        .setStyle(STYLE[b.style ?? 'secondary']),
    );
  return [row];
}

export function contentOf(message: OutgoingMessage): string {
  if (!message.text && message.cards?.length) return message.footer ? `-# ${message.footer}` : '';
  const text = message.text.length > 0 ? message.text : '\u200b';
  return message.footer ? `${text}\n-# ${message.footer}` : text;
}

/**
 * A voice message (flag 8192): one Ogg/Opus file with its duration and waveform, and no text or
 * buttons (Discord allows neither). Undefined when the message carries no voice file.
 */
export function toVoiceMessage(message: OutgoingMessage) {
  const file = message.files?.find((f) => f.voice);
  if (!file?.voice) return undefined;
  const attachment = new AttachmentBuilder(asBuffer(file.data), { name: file.name })
    .setDuration(file.voice.durationSecs)
    .setWaveform(file.voice.waveform);
  return { files: [attachment], flags: MessageFlags.IsVoiceMessage as const, allowedMentions: NO_PINGS };
}

export function toDiscord(original: OutgoingMessage) {
  // command references as Discord users type them (`/model set`)
  const message = {
    ...original,
    ...withCommandSyntax({ text: original.text, footer: original.footer, cards: original.cards }, '/'),
  };
  return {
    content: contentOf(message),
    components: rows(message.buttons),
    // only the users the core asked to notify are pinged (never roles, @everyone or anyone else)
    allowedMentions: message.notify?.length ? { ...NO_PINGS, users: message.notify } : NO_PINGS,
    // cards → embeds; only sent when the message has cards (an edit without them leaves embeds alone)
    ...(message.cards ? { embeds: toEmbeds(message.cards) } : {}),
    ...(message.files?.length
      ? {
          files: message.files.map(
            (f) =>
              new AttachmentBuilder(asBuffer(f.data), {
                name: f.name,
                // Discord keeps up to 1,024 characters of alt text per attachment
                ...(f.alt ? { description: f.alt.slice(0, 1024) } : {}),
              }),
          ),
        }
      : {}),
  };
}

/** A follow-up (optionally visible to the invoker only). */
export function toFollowUp(message: OutgoingMessage, ephemeral: boolean) {
  return { ...toDiscord(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) };
}
