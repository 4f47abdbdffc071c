/** Cards rendered as Discord embeds and Slack blocks stay within each platform's limits. */
import { describe, expect, it } from 'vitest';
import { clip, EMBED_LIMITS, embedLength, toEmbeds } from '../../adapters/discord/embeds.js';
import { toDiscord } from '../../adapters/discord/render.js';
import { SLACK_LIMITS } from '../../adapters/slack/cards.js';
import { toMrkdwn, toSlack } from '../../adapters/slack/render.js';
import { cardsToMarkdown } from '../../src/lookups/cards-text.js';
import type { Card } from '../../src/surface/reply-surface.js';

const long = (n: number, ch = 'x') => ch.repeat(n);
type Block = {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<{ text: string }>;
};

describe('Discord embeds from cards', () => {
  it('maps title, link, description, fields and footer', () => {
    const [e] = toEmbeds([
      {
        title: 'T',
        url: 'https://openrouter.ai/x',
        description: 'd',
        fields: [{ name: 'n', value: 'v', inline: true }],
        footer: 'f',
      },
    ]);
    expect(e).toMatchObject({
      title: 'T',
      url: 'https://openrouter.ai/x',
      description: 'd',
      fields: [{ name: 'n', value: 'v', inline: true }],
      footer: { text: 'f' },
    });
    expect(toEmbeds([{ title: 'T', url: 'not a url' }])[0]?.url).toBeUndefined();
  });

  it('cuts every part to its limit with … and keeps the message under 6,000 characters and 10 embeds', () => {
    const card: Card = {
      title: long(300),
      description: long(5_000),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: long(300, String(i % 10)), value: long(2_000) })),
      footer: long(3_000),
    };
    const embeds = toEmbeds(Array.from({ length: 12 }, () => card));
    expect(embeds.length).toBeLessThanOrEqual(EMBED_LIMITS.embeds);
    expect(embeds[0]?.title).toHaveLength(256);
    expect(embeds[0]?.title?.endsWith('…')).toBe(true);
    expect(embeds[0]?.description).toHaveLength(4_096);
    for (const e of embeds) {
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeLessThanOrEqual(1_024);
        expect(f.name.length).toBeGreaterThan(0);
        expect(f.value.length).toBeGreaterThan(0);
      }
    }
    expect(embedLength(embeds)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    const small = toEmbeds(Array.from({ length: 12 }, (_, i) => ({ title: `card ${i}` })));
    expect(small).toHaveLength(10);
  });

  it('never splits a surrogate pair when cutting', () => {
    const cut = clip(`${long(9)}😀😀`, 11);
    expect(cut).toBe(`${long(9)}…`);
    expect(clip('short', 10)).toBe('short');
  });

  it('a message of only cards has no placeholder text; its footer is still shown', () => {
    expect(toDiscord({ text: '', cards: [{ title: 'T' }] }).content).toBe('');
    expect(toDiscord({ text: '', cards: [{ title: 'T' }], footer: 'm · 1 token' }).content).toBe(
      '-# m · 1 token',
    );
    expect(toDiscord({ text: '' }).content).toBe('\u200b');
    expect('embeds' in toDiscord({ text: 'plain' })).toBe(false);
    expect(toDiscord({ text: 'x', cards: [] }).embeds).toEqual([]);
  });
});

describe('Slack blocks from cards', () => {
  it('renders header, description, inline fields in sections of ten, other fields alone, footer as context', () => {
    const { text, blocks } = toSlack({
      text: '',
      cards: [
        {
          title: 'Model',
          description: 'A **bold** [link](https://example.com)',
          fields: [
            ...Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, value: `v${i}`, inline: true })),
            { name: 'Parameters', value: 'tools, reasoning' },
          ],
          footer: 'Page 1 of 2',
        },
        { title: 'Linked', url: 'https://openrouter.ai/a/b' },
      ],
      buttons: [{ action: 'page', value: 'r:1', label: 'Next ▶' }],
    });
    expect(text).toBe('Model · Linked');
    const b = blocks as Block[];
    expect(b.map((x) => x.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'context',
      'divider',
      'section',
      'actions',
    ]);
    expect(b[1]?.text?.text).toBe(toMrkdwn('A **bold** [link](https://example.com)'));
    expect(b[1]?.text?.text).toContain('<https://example.com|link>');
    expect(b[2]?.fields).toHaveLength(10);
    expect(b[3]?.fields).toHaveLength(2);
    expect(b[4]?.text?.text).toBe('*Parameters*\ntools, reasoning');
    expect(b[7]?.text?.text).toBe('*<https://openrouter.ai/a/b|Linked>*');
  });

  it('stays within 50 blocks, 150-character headers, 3,000-character sections and 2,000-character fields', () => {
    const card: Card = {
      title: long(400),
      description: long(5_000),
      fields: Array.from({ length: 12 }, () => ({ name: 'n', value: long(2_100), inline: true })),
    };
    const { blocks } = toSlack({
      text: 'intro',
      cards: Array.from({ length: 10 }, () => card),
      footer: 'foot',
      buttons: [{ action: 'a', value: 'b', label: 'c' }],
    });
    const b = blocks as Block[];
    expect(b.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(b.at(-1)?.type).toBe('actions');
    expect(b.at(-2)?.type).toBe('context');
    expect(JSON.stringify(b)).toContain('more not shown');
    for (const x of b) {
      if (x.type === 'header') expect(x.text?.text.length).toBeLessThanOrEqual(150);
      if (x.text) expect(x.text.text.length).toBeLessThanOrEqual(3_000);
      for (const f of x.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2_000);
      expect(x.fields?.length ?? 0).toBeLessThanOrEqual(10);
    }
  });

  it('keeps the text as the first section and the fallback when there are cards too', () => {
    const { text, blocks } = toSlack({ text: 'Found **3**', cards: [{ title: 'T' }] });
    expect(text).toBe(toMrkdwn('Found **3**'));
    expect((blocks as Block[]).map((x) => x.type)).toEqual(['section', 'header']);
  });
});

describe('cards as plain Markdown (terminal)', () => {
  it('lists title, description, fields and footer', () => {
    expect(
      cardsToMarkdown([
        {
          title: 'T',
          url: 'https://x.y',
          description: 'd',
          fields: [{ name: 'n', value: 'a\nb' }],
          footer: 'f',
        },
      ]),
    ).toBe('**T** (https://x.y)\nd\nn: a · b\n_f_');
  });
});
