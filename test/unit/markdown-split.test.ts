import { describe, expect, it } from 'vitest';
import { displayMarkdown, openFenceAt, splitMarkdown } from '../../src/streaming/markdown-split.js';

const fencesBalanced = (piece: string) => openFenceAt(piece) === undefined;

function longAnswer(): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) {
    parts.push(`Paragraph ${i}: ${'words and more words '.repeat(20)}`);
    const lang = ['ts', 'python', 'bash'][i % 3];
    parts.push(
      `\`\`\`${lang}\n${Array.from({ length: 30 }, (_, j) => `line_${i}_${j} = compute(${j})`).join('\n')}\n\`\`\``,
    );
  }
  return parts.join('\n\n');
}

describe('splitMarkdown', () => {
  it('returns short text unchanged', () => {
    expect(splitMarkdown('hello', 2000)).toEqual(['hello']);
  });

  it('splits a 6,000-character answer with fenced blocks: every piece fits and has balanced fences', () => {
    const text = longAnswer();
    expect(text.length).toBeGreaterThan(6000);
    const pieces = splitMarkdown(text, 1800);
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(1800);
      expect(fencesBalanced(p), p).toBe(true);
    }
    // every code line survives exactly once, in order
    const lines = (s: string) => s.split('\n').filter((l) => l.startsWith('line_'));
    expect(pieces.flatMap(lines)).toEqual(lines(text));
  });

  it('reopens a split fence with the same language', () => {
    const text = `intro\n\`\`\`python\n${'print(1)\n'.repeat(300)}\`\`\`\nafter`;
    const pieces = splitMarkdown(text, 500);
    for (const p of pieces.slice(1, -1)) expect(p.startsWith('```python\n')).toBe(true);
    expect(pieces.every(fencesBalanced)).toBe(true);
  });

  it('never cuts a surrogate pair', () => {
    const text = '😀'.repeat(1500);
    for (const p of splitMarkdown(text, 1000)) expect(p).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
  });

  it('prefers paragraph boundaries', () => {
    const a = 'a'.repeat(900);
    const b = 'b'.repeat(900);
    expect(splitMarkdown(`${a}\n\n${b}`, 1200)).toEqual([a, b]);
  });
});

describe('displayMarkdown', () => {
  it('closes a half-open fence for display only', () => {
    expect(displayMarkdown('x\n```ts\nconst a')).toBe('x\n```ts\nconst a\n```');
    expect(displayMarkdown('x\n```ts\na\n```\n')).toBe('x\n```ts\na\n```\n');
  });
});
