/** Which notebook an invocation is in, and who is saving: the fields a note takes from where it was made. */
import type { Invocation } from '../command-model/command-types.js';
import type { Where } from './notebook.js';

/** A Slack DM (channel ids starting with D) has its own notebook, like a Discord DM: never the workspace's. */
const isDirect = (inv: Invocation) => inv.platform === 'slack' && inv.channelId.startsWith('D');

export const whereOf = (inv: Invocation): Where => ({
  platform: inv.platform,
  channelId: inv.channelId,
  ...(inv.serverId && !isDirect(inv) ? { serverId: inv.serverId } : {}),
});

export const authorOf = (inv: Invocation) => ({ authorId: inv.user.id, authorName: inv.user.name });
