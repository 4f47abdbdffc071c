/**
 * OutgoingMessage → Slack `text` + Block Kit: Markdown is converted to mrkdwn with slackify-markdown
 * (never our own regexes); cards as header/section/context blocks (adapters/slack/cards.ts); footer as
 * a context block; buttons as an actions block. `<!everyone>`, `<!here>`, `<!channel>`, user and
 * user-group pings from model output are defused on every send path; a link whose label hides its
 * target shows the target too. The bot's own ping of a requester is added after this (see notify).
 */
import slackify from 'slackify-markdown';
import { MENTION_MARK, withCommandSyntax } from '../../src/command-model/command-ref.js';
import type { ButtonSpec, OutgoingMessage } from '../../src/surface/reply-surface.js';
import { cardsText, cardsToBlocks, SLACK_LIMITS } from './cards.js';

/** Section block text limit. */
export const SECTION_LIMIT = 3_000;

/** Mentions as Slack writes them (also with an escaped `&gt;` end); the zero-width space makes them inert. */
export function defuse(text: string): string {
  return text
    .replace(/<!(everyone|here|channel)(\|[^>]*?)?(>|&gt;)/g, '@\u200b$1')
    .replace(
      /<!subteam\^[A-Z0-9]+(\|([^>]*?))?(>|&gt;)/g,
      (_, __, label: string | undefined) => `@\u200b${(label ?? 'group').replace(/^@/, '')}`,
    )
    .replace(
      /(?<!\u2064)<@([UWB][A-Z0-9]+)(\|([^>]*?))?(>|&gt;)/g,
      (_, id: string, __, label: string | undefined) => `@\u200b${label ?? id}`,
    )
    .replace(/@(everyone|here|channel)\b/g, '@\u200b$1')
    .replaceAll(MENTION_MARK, '');
}

/** `<url|label>` whose label is not the address itself: the reader sees where it goes. */
export function unmaskLinks(mrkdwn: string): string {
  return mrkdwn.replace(/<((?:https?|mailto):[^|>\s]+)\|([^>]+)>/g, (whole, url: string, label: string) => {
    const bare = (s: string) => s.replace(/^(https?:\/\/|mailto:)/, '').replace(/\/$/, '');
    return bare(label) === bare(url) ? whole : `${label} (<${url}>)`;
  });
}

/** Markdown links `[label](url)` for Slack's own Markdown rendering (native streams), unmasked the same way. */
export function unmaskMarkdownLinks(markdown: string): string {
  return markdown.replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (whole, label: string, url: string) => {
    const bare = (s: string) => s.replace(/^https?:\/\//, '').replace(/\/$/, '');
    return bare(label) === bare(url) ? whole : `${label} (${url})`;
  });
}

/**
 * Short texts the bot says again and again ("_Answering…_", status lines) are converted once: the
 * Markdown parser costs about a millisecond a call, a visible share of an answer's CPU under a burst.
 */
const memo = new Map<string, string>();
const MEMO_CHARS = 80;
const MEMO_ENTRIES = 200;

/** Markdown → mrkdwn with pings defused; `unmask` (message text, which may be model output) shows link targets. */
export function toMrkdwn(markdown: string, opts: { unmask?: boolean } = {}): string {
  if (!markdown.trim()) return markdown;
  const key = opts.unmask ? `u${markdown}` : `p${markdown}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const converted = slackify(markdown);
  const out = defuse(opts.unmask ? unmaskLinks(converted) : converted).replace(/\n+$/, '');
  if (markdown.length <= MEMO_CHARS) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(key, out);
  }
  return out;
}

/** Model Markdown for Slack's Markdown fields (markdown_text): links unmasked, pings defused. */
export function safeMarkdown(markdown: string): string {
  return defuse(unmaskMarkdownLinks(markdown));
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

/** How Slack users type a Switchboard command: the umbrella slash command, then the name. */
export const SLACK_COMMAND_PREFIX = '/switchboard ';

export function toSlack(original: OutgoingMessage): { text: string; blocks: object[] } {
  const message = withCommandSyntax(original, SLACK_COMMAND_PREFIX, { keepMentionMarks: true });
  const cards = message.cards?.length ? message.cards : undefined;
  const converted = toMrkdwn(message.text, { unmask: true });
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
export function footerBlocks(original: { footer?: string; buttons?: ButtonSpec[] }): object[] {
  const message = withCommandSyntax(original, SLACK_COMMAND_PREFIX, { keepMentionMarks: true });
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
