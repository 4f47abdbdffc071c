/** Cards as plain Markdown, for surfaces without rich layouts (the terminal prints this). */
import type { Card } from '../surface/reply-surface.js';

export function cardsToMarkdown(cards: readonly Card[] | undefined): string {
  return (cards ?? [])
    .map((c) => {
      const lines = [`**${c.title}**${c.url ? ` (${c.url})` : ''}`];
      if (c.description) lines.push(c.description);
      for (const f of c.fields ?? []) lines.push(`${f.name}: ${f.value.replaceAll('\n', ' · ')}`);
      if (c.footer) lines.push(`_${c.footer}_`);
      return lines.join('\n');
    })
    .join('\n\n');
}
