/**
 * OutgoingMessage → Slack `text` + Block Kit: Markdown is converted to mrkdwn with slackify-markdown
 * (never our own regexes); cards as header/section/context blocks (adapters/slack/cards.ts); footer as
 * a context block; buttons as an actions block. `<!everyone>`,
 * `<!here>`, `<!channel>` and user-group pings from model output are defused.
 */
import slackify from 'slackify-markdown';
import type { ButtonSpec, OutgoingMessage } from '../../src/surface/reply-surface.js';
import { cardsText, cardsToBlocks, SLACK_LIMITS } from './cards.js';

/** Section block text limit. */
export const SECTION_LIMIT = 3_000;

/** Special mentions as Slack writes them; the zero-width space makes them inert text. */
export function defuse(text: string): string {
  return text
    .replace(/<!(everyone|here|channel)(\|[^>]*)?>/g, '@\u200b$1')
    .replace(
      /<!subteam\^[A-Z0-9]+(\|([^>]*))?>/g,
      (_, __, label: string | undefined) => `@\u200b${label ?? 'group'}`,
    )
    .replace(/@(everyone|here|channel)\b/g, '@\u200b$1');
}

/**
 * Short texts the bot says again and again ("_Answering…_", status lines) are converted once: the
 * Markdown parser costs about a millisecond a call, a visible share of an answer's CPU under a burst.
 */
const converted = new Map<string, string>();
const MEMO_CHARS = 80;
const MEMO_ENTRIES = 200;

export function toMrkdwn(markdown: string): string {
  if (!markdown.trim()) return markdown;
  const known = converted.get(markdown);
  if (known !== undefined) return known;
  const out = defuse(slackify(markdown)).replace(/\n+$/, '');
  if (markdown.length <= MEMO_CHARS) {
    if (converted.size >= MEMO_ENTRIES) converted.clear();
    converted.set(markdown, out);
  }
  return out;
}

function actions(buttons: ButtonSpec[]) {
  return {
    type: 'actions',
    elements: buttons.slice(0, 5).map((b) => ({
      type: 'button',
      action_id: `${b.action}:${b.value}`.slice(0, 255),
      value: b.value,
      text: { type: 'plain_text', text: b.label },
      ...(b.style === 'danger' ? { style: 'danger' } : b.style === 'primary' ? { style: 'primary' } : {}),
    })),
  };
}

export function toSlack(message: OutgoingMessage): { text: string; blocks: object[] } {
  const cards = message.cards?.length ? message.cards : undefined;
  const converted = toMrkdwn(message.text);
  const text = converted || (cards ? cardsText(cards) : '') || '…';
  const blocks: object[] = [];
  if (converted || !cards) {
    if (text.length <= SECTION_LIMIT) blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    else blocks.push(...chunkSections(text));
  }
  const tail = footerBlocks(message);
  if (cards)
    blocks.push(...cardsToBlocks(cards, SLACK_LIMITS.blocks - blocks.length - tail.length, toMrkdwn));
  blocks.push(...tail);
  return { text, blocks };
}

/** The footer line as a context block and the buttons as an actions block (either may be absent). */
export function footerBlocks(message: { footer?: string; buttons?: ButtonSpec[] }): object[] {
  const blocks: object[] = [];
  if (message.footer)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: defuse(message.footer) }] });
  if (message.buttons?.length) blocks.push(actions(message.buttons));
  return blocks;
}

/** Text longer than one section (rare: mrkdwn grew during conversion) is shown in several. */
function chunkSections(text: string): object[] {
  const out: object[] = [];
  for (let i = 0; i < text.length; i += SECTION_LIMIT)
    out.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(i, i + SECTION_LIMIT) } });
  return out;
}
