/** The "Save to notebook" message action (Discord context menu, Slack shortcut). */

import { defineMessageAction } from '../src/command-model/command-builders.js';
import { InputError } from '../src/common/errors.js';
import { savedText } from '../src/knowledge/views.js';
import { authorOf, whereOf } from '../src/knowledge/where.js';

/** "Save to notebook" on any message: its text becomes a note that links back to it. */
export const saveToNotebookAction = defineMessageAction({
  id: 'kb-save',
  name: 'Save to notebook',
  ephemeral: true,
  permission: 'kb',
  async run(ctx) {
    const inv = ctx.invocation;
    const target = inv.target;
    // an answer's footer line (Discord subtext) is not part of what it says
    const text = (target?.text ?? '')
      .split('\n')
      .filter((line) => !line.startsWith('-# '))
      .join('\n')
      .trim();
    if (!target || !text)
      throw new InputError(
        'INPUT.NOTHING_TO_SAVE',
        'That message has no text to save (only files or embeds).',
      );
    const link =
      target.link ??
      ctx.reply.messageLink?.({
        id: target.messageId,
        channelId: inv.channelId,
        ...(inv.threadId ? { threadId: inv.threadId } : {}),
      });
    const note = await ctx.services.notebook.add(
      {
        ...whereOf(inv),
        ...authorOf(inv),
        text,
        messageId: target.messageId,
        ...(link ? { link } : {}),
      },
      { invocation: inv },
    );
    await ctx.reply.post({ text: savedText(note), ephemeral: true });
  },
});
