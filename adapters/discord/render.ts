/** OutgoingMessage → discord.js message options: footer as subtext, buttons, files, and no pings ever. */
import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, MessageFlags } from 'discord.js';
import type { ButtonSpec, OutgoingMessage } from '../../src/reply.js';

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
  const text = message.text.length > 0 ? message.text : '\u200b';
  return message.footer ? `${text}\n-# ${message.footer}` : text;
}

export function toDiscord(message: OutgoingMessage) {
  return {
    content: contentOf(message),
    components: rows(message.buttons),
    allowedMentions: NO_PINGS,
    ...(message.files?.length
      ? {
          files: message.files.map((f) => new AttachmentBuilder(Buffer.from(f.data), { name: f.name })),
        }
      : {}),
  };
}

/** A follow-up (optionally visible to the invoker only). */
export function toFollowUp(message: OutgoingMessage, ephemeral: boolean) {
  return { ...toDiscord(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}) };
}
