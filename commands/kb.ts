/**
 * The team notebook: `/kb add|search|ask|forget` (forget in kb-forget.ts; the "Save to notebook"
 * message action in kb-save.ts).
 * Notes are embedded and searched by meaning (embeddings, then rerank), answers cite the notes,
 * and every note links back to the message it came from.
 */

import { threadTitle } from '../src/chat/thread-title.js';
import { defineGroup, defineSub, opt } from '../src/command-model/command-builders.js';
import { cmd } from '../src/command-model/command-ref.js';
import type { CommandContext } from '../src/command-model/command-types.js';
import { InputError } from '../src/common/errors.js';
import { conversationKey } from '../src/conversations/conversation-store.js';
import { askPrompt, hitsCard, savedText, scopeName, sourcesCard } from '../src/knowledge/views.js';
import { authorOf, whereOf } from '../src/knowledge/where.js';
import { deriveInvocation } from '../src/usage/invocation-scope.js';
import { kbForgetSub } from './kb-forget.js';

const scopeOption = opt.choice({
  description: 'Search the whole server’s notebook (default) or only notes saved in this channel',
  choices: [
    { name: 'this server', value: 'server' },
    { name: 'this channel', value: 'channel' },
  ],
});

async function find(ctx: CommandContext, query: string, scope: 'server' | 'channel' | undefined) {
  const inv = ctx.invocation;
  const channelOnly = scope === 'channel';
  const result = await ctx.services.notebook.search(whereOf(inv), query, { channelOnly, invocation: inv });
  return { result, scope: scopeName(channelOnly, inv.serverId) };
}

export const kbCommand = defineGroup({
  name: 'kb',
  description: 'The team notebook: save notes, search them by meaning, ask questions over them',
  subcommands: {
    add: defineSub({
      description: 'Save a note to this server’s notebook',
      options: { text: opt.string({ description: 'The note', required: true, maxLength: 4000 }) },
      async run(ctx, o) {
        const inv = ctx.invocation;
        const { notebook } = ctx.services;
        const note = await notebook.add(
          { ...whereOf(inv), ...authorOf(inv), text: o.text },
          { invocation: inv },
        );
        const ref = await ctx.reply.post({ text: savedText(note) });
        const link = ctx.reply.messageLink?.({
          id: ref.id,
          channelId: inv.channelId,
          ...(inv.threadId ? { threadId: inv.threadId } : {}),
        });
        if (link) await notebook.setLink(whereOf(inv), note.id, link, ref.id);
      },
    }),
    search: defineSub({
      description: 'Find the notes that best match a question or topic',
      options: {
        query: opt.string({ description: 'What to look for', required: true, maxLength: 500 }),
        scope: scopeOption,
      },
      async run(ctx, o) {
        const { result, scope } = await find(ctx, o.query, o.scope);
        await ctx.reply.post({ text: '', cards: [hitsCard(o.query, result, scope)] });
      },
    }),
    ask: defineSub({
      description: 'Ask a question; the answer streams in, citing the notebook’s best notes',
      options: {
        question: opt.string({ description: 'Your question', required: true, maxLength: 2000 }),
        scope: scopeOption,
      },
      async run(ctx, o) {
        const { result, scope } = await find(ctx, o.question, o.scope);
        if (result.hits.length === 0)
          throw new InputError(
            'INPUT.NOTEBOOK_EMPTY',
            `There are no notes in ${scope} to answer from yet. Add some with ${cmd('kb add')} or the **Save to notebook** action.`,
          );
        let surface = ctx.reply;
        let invocation = ctx.invocation;
        const intro = {
          text: `📓 **${invocation.user.name}** asked the notebook: ${o.question.slice(0, 300)}`,
          cards: [sourcesCard(result.hits)],
        };
        if (!invocation.threadId && surface.openThread) {
          surface = await surface.openThread(threadTitle(`📓 ${o.question}`), intro);
          if (surface.location.threadId)
            invocation = deriveInvocation(invocation, { threadId: surface.location.threadId });
        } else await surface.post(intro);
        await ctx.services.chat.ask({
          key: conversationKey({
            platform: invocation.platform,
            channelId: invocation.channelId,
            userId: invocation.user.id,
            ...(invocation.threadId ? { threadId: invocation.threadId } : {}),
          }),
          invocation,
          surface,
          prompt: askPrompt(o.question, result.hits),
          signal: ctx.signal,
        });
      },
    }),
    forget: kbForgetSub,
  },
});
