/** `/kb forget id:<note>` (the note's author or an admin) or `/kb forget all:true` (a channel's notes; admins). */

import { defineSub, opt } from '../src/command-model/command-builders.js';
import { cmd } from '../src/command-model/command-ref.js';
import { isAdminNow } from '../src/command-model/command-types.js';
import { InputError, PolicyError } from '../src/common/errors.js';
import { whereOf } from '../src/knowledge/where.js';

export const kbForgetSub = defineSub({
  description: 'Forget a note by id, or every note saved in this channel (admins)',
  ephemeral: true,
  cost: 'free',
  options: {
    id: opt.string({ description: 'The note id (shown by /kb search)', maxLength: 40 }),
    all: opt.boolean({ description: 'Forget every note saved in this channel (admins only)' }),
  },
  async run(ctx, o) {
    const inv = ctx.invocation;
    const { notebook } = ctx.services;
    if (o.all) {
      if (o.id) throw new InputError('INPUT.FORGET_BOTH', 'Give either `id` or `all:true`, not both.');
      if (!(await isAdminNow(inv.user)))
        throw new PolicyError(
          'POLICY.ADMIN_ONLY',
          'Only admins can forget every note of a channel. Give a note `id` to forget one of yours.',
        );
      const n = await notebook.forgetChannel(whereOf(inv));
      ctx.logger.info({ audit: 'kb-forget-all', notes: n }, 'notebook channel cleared');
      await ctx.reply.post({
        text: `🗑️ Forgot ${n} note${n === 1 ? '' : 's'} saved in this channel.`,
        ephemeral: true,
      });
      return;
    }
    if (!o.id)
      throw new InputError(
        'INPUT.FORGET_WHAT',
        `Say which: \`id:<note id>\` (shown by ${cmd('kb search')}), or \`all:true\` for every note saved in this channel (admins).`,
      );
    const note = await notebook.get(whereOf(inv), o.id);
    if (!note)
      throw new InputError(
        'INPUT.UNKNOWN_NOTE',
        `There is no note \`${o.id}\` in this notebook. ${cmd('kb search')} shows note ids.`,
      );
    if (note.authorId !== inv.user.id && !(await isAdminNow(inv.user)))
      throw new PolicyError(
        'POLICY.NOT_YOUR_NOTE',
        'Only the person who saved a note (or an admin) can forget it.',
      );
    await notebook.forget(whereOf(inv), note.id);
    await ctx.reply.post({ text: `🗑️ Forgot note \`${note.id}\`.`, ephemeral: true });
  },
});
