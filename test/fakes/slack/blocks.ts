/** Block Kit as Slack checks it (the limits that make `invalid_blocks`) and as a user reads it. */
import { ApiError } from './http.js';
import type { Block } from './types.js';

export const LIMITS = {
  blocks: 50,
  sectionText: 3_000,
  headerText: 150,
  markdownTotal: 12_000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2_000,
};

type TextObject = { type?: string; text?: unknown };

function bad(message: string): never {
  throw new ApiError('invalid_blocks', message);
}

function textObject(t: unknown, max: number, where: string): void {
  const o = t as TextObject | undefined;
  if (!o || (o.type !== 'mrkdwn' && o.type !== 'plain_text') || typeof o.text !== 'string')
    bad(`${where}: must be a text object`);
  if (o.text.length === 0) bad(`${where}: must be more than 0 characters`);
  if (o.text.length > max) bad(`${where}: must be less than ${max + 1} characters`);
}

export function validateBlocks(blocks: unknown): Block[] {
  if (!Array.isArray(blocks)) bad('blocks must be an array');
  if (blocks.length > LIMITS.blocks) bad(`no more than ${LIMITS.blocks} items allowed`);
  const actionIds = new Set<string>();
  let markdown = 0;
  blocks.forEach((b: Block, i: number) => {
    const at = `[${i}]`;
    switch (b?.type) {
      case 'section':
        if (b.text === undefined && !Array.isArray(b.fields)) bad(`${at} section needs text or fields`);
        if (b.text !== undefined) textObject(b.text, LIMITS.sectionText, `${at}.text`);
        break;
      case 'header':
        textObject(b.text, LIMITS.headerText, `${at}.text`);
        break;
      case 'markdown':
        if (typeof b.text !== 'string' || b.text.length === 0) bad(`${at}.text required`);
        markdown += b.text.length;
        break;
      case 'context': {
        const els = b.elements as unknown[] | undefined;
        if (!Array.isArray(els) || els.length === 0 || els.length > LIMITS.contextElements)
          bad(`${at}.elements: 1 to ${LIMITS.contextElements} items`);
        els.forEach((e, j) => {
          if ((e as { type?: string }).type !== 'image') textObject(e, 3_000, `${at}.elements[${j}]`);
        });
        break;
      }
      case 'actions': {
        const els = b.elements as Array<Record<string, unknown>> | undefined;
        if (!Array.isArray(els) || els.length === 0 || els.length > LIMITS.actionsElements)
          bad(`${at}.elements: 1 to ${LIMITS.actionsElements} items`);
        for (const e of els) {
          const id = e.action_id;
          if (typeof id === 'string') {
            if (id.length > LIMITS.actionId) bad(`${at}: action_id too long`);
            if (actionIds.has(id)) bad(`${at}: action_id ${id} already exists`);
            actionIds.add(id);
          }
          if (e.type === 'button') {
            textObject(e.text, LIMITS.buttonText, `${at}.button.text`);
            if ((e.text as TextObject).type !== 'plain_text') bad(`${at}: button text must be plain_text`);
            if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue)
              bad(`${at}: value too long`);
          }
        }
        break;
      }
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'file':
      case 'input':
        break;
      default:
        bad(`${at}: unknown block type ${String(b?.type)}`);
    }
  });
  if (markdown > LIMITS.markdownTotal) bad(`markdown blocks: more than ${LIMITS.markdownTotal} characters`);
  return blocks as Block[];
}

function richText(el: unknown): string {
  const e = el as { text?: string; elements?: unknown[]; user_id?: string; type?: string };
  if (e.type === 'user') return `<@${e.user_id}>`;
  if (typeof e.text === 'string') return e.text;
  return (e.elements ?? []).map(richText).join('');
}

/** mrkdwn escapes `&`, `<` and `>` as entities; a reader sees the characters. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const shown = (t: TextObject | undefined) =>
  t?.type === 'mrkdwn' ? unescapeMrkdwn(String(t.text)) : String(t?.text);

/** The text a person reads in these blocks (buttons are listed separately by `buttonsOf`). */
export function renderBlocks(blocks: Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'section' || b.type === 'header') {
      if (b.text) lines.push(shown(b.text as TextObject));
      for (const f of (b.fields as TextObject[] | undefined) ?? []) lines.push(shown(f));
    } else if (b.type === 'markdown') lines.push(String(b.text));
    else if (b.type === 'context')
      lines.push(
        (b.elements as Array<TextObject & { alt_text?: string }>)
          .map((e) => (e.text === undefined ? e.alt_text : shown(e)))
          .join(' '),
      );
    else if (b.type === 'rich_text') lines.push(richText(b));
  }
  return lines.join('\n');
}

export interface ButtonView {
  action_id: string;
  block_id?: string;
  text: string;
  value?: string;
  style?: string;
}

export function buttonsOf(blocks: Block[] | undefined): ButtonView[] {
  const out: ButtonView[] = [];
  for (const b of blocks ?? []) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements as Array<Record<string, unknown>>) {
      if (e.type !== 'button') continue;
      out.push({
        action_id: String(e.action_id ?? ''),
        text: String((e.text as TextObject).text),
        ...(typeof b.block_id === 'string' ? { block_id: b.block_id } : {}),
        ...(typeof e.value === 'string' ? { value: e.value } : {}),
        ...(typeof e.style === 'string' ? { style: e.style } : {}),
      });
    }
  }
  return out;
}
