/** Which notebook an invocation is in, and who is saving: the fields a note takes from where it was made. */
import type { Invocation } from '../command-model/command-types.js';
import type { Where } from './notebook.js';

/** A DM (the adapter says so) has its own notebook: never the server's or workspace's. */
export const whereOf = (inv: Invocation): Where => ({
  platform: inv.platform,
  channelId: inv.channelId,
  ...(inv.serverId && !inv.place?.direct ? { serverId: inv.serverId } : {}),
});

export const authorOf = (inv: Invocation) => ({ authorId: inv.user.id, authorName: inv.user.name });
