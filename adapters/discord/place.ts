/** What the Discord adapter declares about its places: DMs, the words for permission ids, message links. */
import type { PlaceTraits } from '../../src/command-model/command-types.js';
import type { MessageRef } from '../../src/surface/reply-surface.js';

export function discordPlace(guildId: string | null | undefined): PlaceTraits {
  return {
    ...(guildId ? {} : { direct: true }),
    permitIds: 'role or user',
    notListed: 'you or one of your roles',
    idOf: (mention) => /^<(?:@[!&]?|#)([A-Za-z0-9]+)>$/.exec(mention)?.[1],
  };
}

/** A message's link (a thread's messages live in the thread channel); DMs use `@me`. */
export function discordMessageLink(serverId: string | undefined, ref: MessageRef): string {
  return `https://discord.com/channels/${serverId ?? '@me'}/${ref.threadId ?? ref.channelId}/${ref.id}`;
}
