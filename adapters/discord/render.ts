/** OutgoingMessage → discord.js message options: footer as subtext, buttons, cards as embeds, files, and no pings ever. */

import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  AttachmentBuilder,
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import { withCommandSyntax } from '../../src/command-model/command-ref.js';
import { asBuffer } from '../../src/files/bytes.js';
import type { ButtonSpec, OutgoingMessage } from '../../src/surface/reply-surface.js';
import { toEmbeds } from './embeds.js';

/** Model output may contain @everyone, @here, <@&role> or <@user>: none of them may ping. */
export const NO_PINGS = { parse: [] as never[], repliedUser: false };

const STYLE = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
} as const;

export function customId(b: ButtonSpec): string {
  return `${b.action}:${b.value}`.slice(0, 100);
}

/** Buttons as one action row of Discord's JSON (at most 5 buttons, labels of at most 80 characters). */
function rows(buttons: ButtonSpec[] | undefined): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  if (!buttons?.length) return [];
  const components = buttons.slice(0, 5).map(
    (b): APIButtonComponentWithCustomId => ({
      type: ComponentType.Button,
      custom_id: customId(b),
      label: b.label.slice(0, 80),
      style: STYLE[b.style ?? 'secondary'],
    }),
  );
  return [{ type: ComponentType.ActionRow, components }];
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

/** What every form of a message shares: text with command references as Discord users type them, buttons, cards. */
function parts(original: OutgoingMessage) {
  // command references as Discord users type them (`/model set`)
  const message = {
    ...original,
    ...withCommandSyntax({ text: original.text, footer: original.footer, cards: original.cards }, '/'),
  };
  return {
    message,
    content: contentOf(message),
    components: rows(message.buttons),
    // cards → embeds; only sent when the message has cards (an edit without them leaves embeds alone)
    embeds: message.cards ? toEmbeds(message.cards) : undefined,
  };
}

/**
 * The REST body of a message without files (post or edit), built directly rather than through
 * discord.js's message payload: the same fields discord.js would send, and never a ping but `notify`.
 */
export function toMessageBody(original: OutgoingMessage): RESTPostAPIChannelMessageJSONBody {
  const { message, content, components, embeds } = parts(original);
  return {
    content,
    components,
    allowed_mentions: message.notify?.length
      ? { parse: [], replied_user: false, users: message.notify }
      : { parse: [], replied_user: false },
    ...(embeds ? { embeds } : {}),
  };
}

export function toDiscord(original: OutgoingMessage) {
  const { message, content, components, embeds } = parts(original);
  return {
    content,
    components,
    // only the users the core asked to notify are pinged (never roles, @everyone or anyone else)
    allowedMentions: message.notify?.length ? { ...NO_PINGS, users: message.notify } : NO_PINGS,
    ...(embeds ? { embeds: embeds as APIEmbed[] } : {}),
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
