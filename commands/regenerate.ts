/** The Regenerate button under a finished answer: answer the last question of the thread again. */

import { defineButton } from '../src/command-model/command-builders.js';
import { InputError } from '../src/common/errors.js';
import { conversationKey } from '../src/conversations/conversation-store.js';

export const regenerateButton = defineButton({
  action: 'regenerate',
  permission: 'chat',
  async run(ctx) {
    const inv = ctx.invocation;
    const key = conversationKey({
      platform: inv.platform,
      channelId: inv.channelId,
      userId: inv.user.id,
      ...(inv.threadId ? { threadId: inv.threadId } : {}),
    });
    const s = ctx.services;
    const conversation = await s.conversations.get(key);
    if (!conversation?.turns.some((t) => t.role === 'user'))
      throw new InputError('INPUT.NOTHING_TO_REGENERATE', 'There is no question here to answer again.');
    await s.chat.ask({
      key,
      invocation: inv,
      surface: ctx.reply,
      prompt: '',
      regenerate: true,
      signal: ctx.signal,
    });
  },
});
