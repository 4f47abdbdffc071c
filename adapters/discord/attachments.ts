/** Discord attachments → the core's Attachment (bytes fetched on demand from allowed hosts only). */
import type { Attachment as DiscordAttachment } from 'discord.js';
import type { Attachment } from '../../src/command-model/command-types.js';
import { type DownloadPolicy, openDownload } from '../../src/files/downloads.js';

export const DISCORD_FILE_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

export function toAttachment(a: DiscordAttachment, policy: DownloadPolicy, voice = false): Attachment {
  const out: Attachment = {
    id: a.id,
    name: a.name,
    url: a.url,
    size: a.size,
    open: (signal) => openDownload(a.url, policy, { what: a.name, ...(signal ? { signal } : {}) }),
  };
  if (a.contentType) out.contentType = a.contentType;
  if (voice) out.isVoiceMessage = true;
  if (a.duration !== null) out.durationSecs = a.duration;
  return out;
}
