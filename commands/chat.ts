/** `/chat prompt [model] [reasoning] [web] [backend] [file] [private]`: start or continue a conversation. */

import { threadTitle } from '../src/chat/thread-title.js';
import { defineCommand, opt } from '../src/command-model/command-builders.js';
import { conversationKey } from '../src/conversations/conversation-store.js';
import { deriveInvocation } from '../src/usage/invocation-scope.js';

export const chatCommand = defineCommand({
  name: 'chat',
  description: 'Ask a model; the answer streams into a thread where you can keep talking',
  options: {
    prompt: opt.string({ description: 'What to ask', required: true, maxLength: 6000 }),
    model: opt.string({
      description: 'Model to use (default: yours, the channel’s or the server’s)',
      autocomplete: 'model',
    }),
    reasoning: opt.choice({
      description: 'Reasoning effort for models that think',
      choices: [
        { name: 'high', value: 'high' },
        { name: 'medium', value: 'medium' },
        { name: 'low', value: 'low' },
        { name: 'minimal', value: 'minimal' },
        { name: 'none', value: 'none' },
      ],
    }),
    web: opt.boolean({ description: 'Let the model search the web (OpenRouter web plugin)' }),
    backend: opt.choice({
      description: 'Which OpenRouter API answers',
      choices: [
        { name: 'chat completions', value: 'chat' },
        { name: 'messages (Anthropic-style)', value: 'messages' },
        { name: 'responses', value: 'responses' },
      ],
    }),
    file: opt.attachment({ description: 'An image or text file to include' }),
    private: opt.boolean({ description: 'Answer only you, here, without a thread' }),
  },
  async run(ctx, o) {
    const s = ctx.services;
    let surface = ctx.reply;
    let invocation = ctx.invocation;
    if (!invocation.threadId && !o.private && surface.openThread) {
      surface = await surface.openThread(threadTitle(o.prompt), {
        text: `**${invocation.user.name}** asked: ${o.prompt.length > 300 ? `${o.prompt.slice(0, 299)}…` : o.prompt}`,
      });
      const threadId = surface.location.threadId;
      // the copy stays the dispatcher's invocation: the answer is billed to it and summed in its log line
      if (threadId) invocation = deriveInvocation(invocation, { threadId });
    }
    await s.chat.ask({
      // a private exchange is the asker's own, even inside a shared thread
      key: conversationKey({
        platform: invocation.platform,
        channelId: o.private ? (invocation.threadId ?? invocation.channelId) : invocation.channelId,
        userId: invocation.user.id,
        ...(invocation.threadId && !o.private ? { threadId: invocation.threadId } : {}),
      }),
      invocation,
      surface,
      prompt: o.prompt,
      signal: ctx.signal,
      ...(o.file ? { attachments: [o.file] } : {}),
      ...(o.model ? { model: o.model } : {}),
      ...(o.reasoning ? { reasoning: o.reasoning } : {}),
      ...(o.web !== undefined ? { web: o.web } : {}),
      ...(o.backend ? { backend: o.backend } : {}),
    });
  },
});
