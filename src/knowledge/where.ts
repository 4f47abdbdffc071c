/** Which notebook an invocation is in, and who is saving: the fields a note takes from where it was made. */
import type { Invocation } from '../command.js';
import type { Where } from './notebook.js';

export const whereOf = (inv: Invocation): Where => ({
  platform: inv.platform,
  channelId: inv.channelId,
  ...(inv.serverId ? { serverId: inv.serverId } : {}),
});

export const authorOf = (inv: Invocation) => ({ authorId: inv.user.id, authorName: inv.user.name });
