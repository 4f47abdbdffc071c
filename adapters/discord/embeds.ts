/**
 * Cards → Discord embeds within Discord's limits: at most 10 embeds and 25 fields each; title 256,
 * description 4,096, field name 256 and value 1,024, footer 2,048, and 6,000 characters over all
 * embeds of one message. Anything longer is cut with "…"; cards past the budget are dropped.
 */
import type { APIEmbed } from 'discord.js';
import type { Card } from '../../src/surface/reply-surface.js';

export const EMBED_LIMITS = {
  embeds: 10,
  fields: 25,
  title: 256,
  description: 4_096,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  total: 6_000,
} as const;

const COLOR = 0x6366f1;

/** Cuts `text` to at most `max` characters, ending with "…" when cut (never splits a surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

const isHttpUrl = (url: string | undefined): url is string => !!url && /^https?:\/\/\S+$/.test(url);

export function toEmbeds(cards: readonly Card[] | undefined): APIEmbed[] {
  let budget: number = EMBED_LIMITS.total;
  const take = (text: string, limit: number) => {
    const out = clip(text, Math.min(limit, budget));
    budget -= out.length;
    return out;
  };
  const embeds: APIEmbed[] = [];
  for (const card of (cards ?? []).slice(0, EMBED_LIMITS.embeds)) {
    if (budget < 2) break;
    const embed: APIEmbed = { title: take(card.title || '\u200b', EMBED_LIMITS.title), color: COLOR };
    if (isHttpUrl(card.url)) embed.url = card.url;
    if (card.description && budget > 1) embed.description = take(card.description, EMBED_LIMITS.description);
    const fields: NonNullable<APIEmbed['fields']> = [];
    for (const f of (card.fields ?? []).slice(0, EMBED_LIMITS.fields)) {
      if (budget < 2) break;
      const name = take(f.name || '\u200b', Math.min(EMBED_LIMITS.fieldName, budget - 1));
      const value = take(f.value || '\u200b', EMBED_LIMITS.fieldValue);
      fields.push({ name, value, ...(f.inline ? { inline: true } : {}) });
    }
    if (fields.length > 0) embed.fields = fields;
    if (card.footer && budget > 1) embed.footer = { text: take(card.footer, EMBED_LIMITS.footer) };
    embeds.push(embed);
  }
  return embeds;
}

/** Characters Discord counts against the 6,000 limit (for tests and callers that want to check). */
export function embedLength(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}
