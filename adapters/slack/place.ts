/** What the Slack adapter declares about its places: DMs, the words for permission ids, message links. */
import type { PlaceTraits } from '../../src/command-model/command-types.js';
import type { MessageRef } from '../../src/surface/reply-surface.js';

/** DM channel ids start with D: a DM has its own notebook even though Slack names its workspace. */
export function slackPlace(channelId: string): PlaceTraits {
  return {
    ...(channelId.startsWith('D') ? { direct: true } : {}),
    permitIds: 'user or user group',
    notListed: 'your user id or a user group you are in',
    // as /switchboard receives them (escaped): <@U1|name>, <#C1|name>, <!subteam^S1|@group>
    idOf: (mention) => /^<(?:@|#|!subteam\^)([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(mention)?.[1],
  };
}

/** The archive permalink form; none for ephemeral messages and uploads (no ts of their own). */
export function slackMessageLink(ref: MessageRef): string | undefined {
  if (!/^\d+\.\d+$/.test(ref.id)) return undefined;
  const thread =
    ref.threadId && ref.threadId !== ref.id ? `?thread_ts=${ref.threadId}&cid=${ref.channelId}` : '';
  return `https://slack.com/archives/${ref.channelId}/p${ref.id.replace('.', '')}${thread}`;
}
