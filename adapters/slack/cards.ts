/**
 * Cards → Block Kit within Slack's limits: a header (plain text ≤ 150) or, for a linked title, a
 * section; the description as a section (≤ 3,000); inline fields as section fields (10 per
 * section, 2,000 each), other fields as their own sections; the footer as a context block; a
 * divider between cards. The caller gives the block budget (50 per message in all).
 */
import type { Card } from '../../src/surface/reply-surface.js';

export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  section: 3_000,
  fieldsPerSection: 10,
  field: 2_000,
  context: 2_000,
} as const;

/** Cuts `text` to at most `max` characters, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Link labels must not contain the characters that end Slack's `<url|label>` syntax. */
const label = (text: string) => text.replace(/[<>|]/g, ' ');
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(clip(text, SLACK_LIMITS.section)) });

function cardBlocks(card: Card, convert: (markdown: string) => string): object[] {
  const blocks: object[] = [];
  if (card.url && /^https?:\/\/\S+$/.test(card.url))
    blocks.push(section(`*<${card.url}|${label(clip(card.title, 200))}>*`));
  else
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: clip(card.title || ' ', SLACK_LIMITS.header), emoji: true },
    });
  // cut before converting too: the converter is slow on long text and the rest is never shown
  if (card.description) blocks.push(section(convert(clip(card.description, SLACK_LIMITS.section)) || ' '));
  let inline: object[] = [];
  const flush = () => {
    if (inline.length > 0) blocks.push({ type: 'section', fields: inline });
    inline = [];
  };
  for (const f of card.fields ?? []) {
    const text = `*${convert(clip(f.name, 200)) || ' '}*\n${convert(clip(f.value, SLACK_LIMITS.field)) || ' '}`;
    if (!f.inline) {
      flush();
      blocks.push(section(text));
      continue;
    }
    inline.push(mrkdwn(clip(text, SLACK_LIMITS.field)));
    if (inline.length === SLACK_LIMITS.fieldsPerSection) flush();
  }
  flush();
  if (card.footer)
    blocks.push({ type: 'context', elements: [mrkdwn(clip(convert(card.footer), SLACK_LIMITS.context))] });
  return blocks;
}

/** Blocks for all cards, at most `budget` of them; cut cards end with a "more not shown" note. */
export function cardsToBlocks(
  cards: readonly Card[] | undefined,
  budget: number,
  convert: (markdown: string) => string,
): object[] {
  const out: object[] = [];
  for (const [i, card] of (cards ?? []).entries()) {
    const blocks = [...(i > 0 ? [{ type: 'divider' }] : []), ...cardBlocks(card, convert)];
    if (out.length + blocks.length > budget) {
      // keep one block for the note that says something was left out
      out.push(...blocks.slice(0, Math.max(0, budget - out.length - 1)));
      out.length = Math.min(out.length, Math.max(0, budget - 1));
      if (budget >= 1)
        out.push({ type: 'context', elements: [mrkdwn('_…more not shown (Slack allows 50 blocks)_')] });
      break;
    }
    out.push(...blocks);
  }
  return out;
}

/** Plain fallback text for notifications when a message is only cards. */
export function cardsText(cards: readonly Card[] | undefined): string {
  return (cards ?? [])
    .map((c) => c.title)
    .join(' · ')
    .slice(0, 3_000);
}
