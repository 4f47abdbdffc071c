/**
 * Paged results: a long list becomes one message with ◀ / ▶ buttons. The whole view is kept in
 * the state store for a day under a short random ref; a button carries only `page:<ref>:<index>`
 * (well inside Discord's 100-character custom ids) and its handler edits the message in place.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../common/errors.js';
import type { StateStore } from '../state/store.js';
import type { ButtonSpec, Card, OutgoingMessage } from '../surface/reply-surface.js';

export const PAGE_TTL_MS = 24 * 60 * 60 * 1000;

const fieldSchema = z.object({ name: z.string(), value: z.string(), inline: z.boolean().optional() });
const cardSchema = z.object({
  title: z.string(),
  url: z.string().optional(),
  description: z.string().optional(),
  fields: z.array(fieldSchema).optional(),
  footer: z.string().optional(),
});
const viewSchema = z.object({
  text: z.string().optional(),
  title: z.string(),
  url: z.string().optional(),
  header: cardSchema.optional(),
  lines: z.array(z.string()).optional(),
  fields: z.array(fieldSchema).optional(),
  perPage: z.number().int().positive().optional(),
  note: z.string().optional(),
  empty: z.string().optional(),
});

/** What a paged lookup shows: items as lines (lists) or as fields (endpoints), under an optional header card. */
export type PagedView = z.infer<typeof viewSchema>;

export interface Pager {
  /** The first page; the view is stored only when there is more than one page. */
  open(view: PagedView): Promise<OutgoingMessage>;
  /** Page `index` (0-based, clamped) of a stored view. */
  page(ref: string, index: number): Promise<OutgoingMessage>;
}

const itemCount = (v: PagedView) => v.lines?.length ?? v.fields?.length ?? 0;
const perPageOf = (v: PagedView) => v.perPage ?? (v.fields ? 6 : 10);
export const pageCount = (v: PagedView) => Math.max(1, Math.ceil(itemCount(v) / perPageOf(v)));

/** Renders one page (pure; `ref` is undefined for a single-page view). */
export function renderPage(view: PagedView, index: number, ref?: string): OutgoingMessage {
  const pages = pageCount(view);
  const i = Math.min(Math.max(0, index), pages - 1);
  const per = perPageOf(view);
  const card: Card = { title: view.title, ...(view.url ? { url: view.url } : {}) };
  if (view.lines) {
    const lines = view.lines.slice(i * per, (i + 1) * per);
    card.description = lines.length > 0 ? lines.join('\n') : (view.empty ?? 'Nothing found.');
  } else if (view.fields?.length) card.fields = view.fields.slice(i * per, (i + 1) * per);
  else card.description = view.empty ?? 'Nothing found.';
  const where = pages > 1 ? `Page ${i + 1} of ${pages}` : undefined;
  const footer = [where, view.note].filter(Boolean).join(' · ');
  if (footer) card.footer = footer;
  const buttons: ButtonSpec[] = [];
  if (ref && i > 0) buttons.push({ action: 'page', value: `${ref}:${i - 1}`, label: '◀ Previous' });
  if (ref && i < pages - 1)
    buttons.push({ action: 'page', value: `${ref}:${i + 1}`, label: 'Next ▶', style: 'primary' });
  return {
    text: view.text ?? '',
    cards: view.header ? [view.header, card] : [card],
    buttons,
  };
}

export function createPager(store: StateStore, deps: { ttlMs?: number } = {}): Pager {
  const ns = store.namespace('pages');
  const ttl = deps.ttlMs ?? PAGE_TTL_MS;
  return {
    async open(view) {
      if (pageCount(view) === 1) return renderPage(view, 0);
      const ref = randomBytes(6).toString('base64url');
      await ns.set(ref, view, ttl);
      return renderPage(view, 0, ref);
    },
    async page(ref, index) {
      const parsed = viewSchema.safeParse(await ns.get(ref));
      if (!parsed.success)
        throw new InputError(
          'INPUT.PAGE_EXPIRED',
          'These results are no longer stored (they are kept for a day). Run the command again.',
        );
      return renderPage(parsed.data, index, ref);
    },
  };
}

/** `ref:index` from a page button's value. */
export function parsePageValue(value: string): { ref: string; index: number } {
  const m = /^([\w-]{1,40}):(\d{1,6})$/.exec(value);
  if (!m)
    throw new InputError('INPUT.BAD_PAGE', 'This button no longer does anything. Run the command again.');
  return { ref: m[1] as string, index: Number(m[2]) };
}
