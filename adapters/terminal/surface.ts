/**
 * A ReplySurface that writes to a terminal stream. Edits that extend the previous text print only the new part,
 * so the post-then-edit streaming driver shows a smooth stream; any other edit reprints the message. Buttons are
 * not drawn: the terminal stops an answer with Ctrl+C.
 */

import { withCommandSyntax } from '../../src/command-model/command-ref.js';
import { cardsToMarkdown } from '../../src/lookups/cards-text.js';
import type {
  MessageRef,
  OutgoingMessage,
  ReplySurface,
  SurfaceLimits,
  SurfaceLocation,
} from '../../src/surface/reply-surface.js';

export interface TerminalOutput {
  write(chunk: string): unknown;
}

/** What the streaming driver posts before the first words arrive; replaced in place. */
const PLACEHOLDER = '…';

const LIMITS: SurfaceLimits = {
  maxMessageChars: 100_000,
  maxUploadBytes: 100 * 1024 * 1024,
  minEditIntervalMs: 50,
  channelEditBudget: { edits: 1_000, windowMs: 1_000 },
};

export function createTerminalSurface(
  out: TerminalOutput,
  location?: Partial<SurfaceLocation>,
): ReplySurface {
  const shown = new Map<string, string>();
  let last: string | undefined;
  let counter = 0;
  const loc: SurfaceLocation = { platform: 'terminal', channelId: 'terminal', ...location };

  function body(original: OutgoingMessage): string {
    const message = {
      ...original,
      ...withCommandSyntax({ text: original.text, footer: original.footer, cards: original.cards }, '/'),
    };
    const files = (message.files ?? [])
      .map((f) => `\n(file: ${f.name}, ${f.data.byteLength} bytes)`)
      .join('');
    const footer = message.footer ? `\n  (${message.footer})` : '';
    const cards = message.cards?.length ? `\n${cardsToMarkdown(message.cards)}` : '';
    return message.text + cards + footer + files;
  }

  return {
    location: loc,
    limits: LIMITS,
    async post(message) {
      counter += 1;
      const id = `t${counter}`;
      const text = body(message);
      out.write(`${last === undefined ? '' : '\n'}${text}`);
      shown.set(id, text);
      last = id;
      return { id, channelId: loc.channelId } satisfies MessageRef;
    },
    async edit(ref, message) {
      const before = shown.get(ref.id) ?? '';
      const text = body(message);
      if (ref.id === last && before === PLACEHOLDER) out.write(`\b${text}`);
      else if (ref.id === last && text.startsWith(before)) out.write(text.slice(before.length));
      else if (text !== before) out.write(`\n${text}`);
      shown.set(ref.id, text);
    },
    async openThread() {
      return this;
    },
  };
}
