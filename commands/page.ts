/** ◀ / ▶ under a paged lookup: re-renders the stored view at another page, editing the message in place. */

import { defineButton } from '../src/command-model/command-builders.js';
import { InputError } from '../src/common/errors.js';
import { parsePageValue } from '../src/lookups/pager.js';

export const pageButton = defineButton({
  action: 'page',
  cost: 'free',
  async run(ctx, value) {
    const { ref, index } = parsePageValue(value);
    const message = ctx.invocation.message;
    if (!message)
      throw new InputError('INPUT.NO_MESSAGE', 'This button only works on the message it came with.');
    await ctx.reply.edit(message, await ctx.services.pager.page(ref, index));
  },
});
