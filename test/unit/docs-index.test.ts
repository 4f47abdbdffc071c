/** docs/index.md links every page in docs/, and the README links the index. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const docs = new URL('../../docs/', import.meta.url);
const read = (url: URL) => readFileSync(url, 'utf8');
const linkedPages = (markdown: string) =>
  [...markdown.matchAll(/\]\(([a-z0-9-]+\.md)(#[^)]*)?\)/g)].map((m) => m[1] as string);

describe('docs/index.md', () => {
  it('finds links the way the check below relies on', () => {
    expect(linkedPages('[a](voice.md) [b](video.md#cost) [c](https://x.md) [d](../README.md)')).toEqual([
      'voice.md',
      'video.md',
    ]);
  });

  it('links every page in docs/', () => {
    const pages = readdirSync(docs).filter((name) => name.endsWith('.md') && name !== 'index.md');
    expect(pages.length).toBeGreaterThan(5);
    const linked = new Set(linkedPages(read(new URL('index.md', docs))));
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(read(new URL('../README.md', docs))).toContain('](docs/index.md)');
  });
});
