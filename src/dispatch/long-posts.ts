/**
 * Commands post whole texts (an audit trail, a settings list) that may pass the platform's message
 * limit. The dispatcher hands them a surface whose `post` splits such text into several messages
 * at Markdown-safe points (code fences reopened); footer, buttons, cards and files go on the last.
 */

import { splitMarkdown } from '../streaming/markdown-split.js';
import type { MessageRef, OutgoingMessage, ReplySurface } from '../surface/reply-surface.js';

const FOOTER_RESERVE = 200;

export function withLongPosts(surface: ReplySurface): ReplySurface {
  const post = async (message: OutgoingMessage): Promise<MessageRef> => {
    const limit = surface.limits.maxMessageChars - FOOTER_RESERVE;
    if (message.text.length <= limit) return surface.post(message);
    const pieces = splitMarkdown(message.text, limit);
    const { footer, buttons, cards, files, ...plain } = message;
    let first: MessageRef | undefined;
    for (const [i, text] of pieces.entries()) {
      const last = i === pieces.length - 1;
      const ref = await surface.post(
        last
          ? {
              ...plain,
              text,
              ...(footer ? { footer } : {}),
              ...(buttons ? { buttons } : {}),
              ...(cards ? { cards } : {}),
              ...(files ? { files } : {}),
            }
          : { ...plain, text },
      );
      first ??= ref;
    }
    return first as MessageRef;
  };
  return new Proxy(surface, {
    get(target, prop, receiver) {
      if (prop === 'post') return post;
      return Reflect.get(target, prop, receiver);
    },
  });
}
