import { describe, expect, it } from 'vitest';
import { splitForSpeech } from '../../../src/media/sentence-split.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('splitForSpeech', () => {
  it('keeps short text whole and drops blank text', () => {
    expect(splitForSpeech('  Hello there.  ', 100)).toEqual(['Hello there.']);
    expect(splitForSpeech(' \n\t ', 100)).toEqual([]);
  });

  it('cuts at sentence boundaries and packs sentences greedily', () => {
    const text = 'One is first. Two comes next! Is three a question? Four ends it.';
    const pieces = splitForSpeech(text, 30);
    expect(pieces).toEqual(['One is first. Two comes next!', 'Is three a question?', 'Four ends it.']);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(30);
  });

  it('never loses or reorders words', () => {
    const text = Array.from(
      { length: 300 },
      (_, i) => `Sentence number ${i} says something${i % 7 ? '.' : '?'}`,
    ).join(' ');
    const pieces = splitForSpeech(text, 500);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(500);
    expect(words(pieces.join(' '))).toEqual(words(text));
    // Every piece but possibly the last ends a sentence.
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/[.?]$/);
  });

  it('falls back to word boundaries for a giant sentence', () => {
    const giant = `${Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ')}.`;
    const pieces = splitForSpeech(`Short one. ${giant} Tail here.`, 100);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    expect(words(pieces.join(' '))).toEqual(words(`Short one. ${giant} Tail here.`));
    for (const piece of pieces) expect(piece).not.toMatch(/word\d+word/);
  });

  it('falls back to characters for a giant word, never splitting an emoji', () => {
    const word = '😀'.repeat(30) + 'a'.repeat(25);
    const pieces = splitForSpeech(word, 9);
    expect(pieces.join('')).toBe(word);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(9);
      expect(piece).not.toMatch(/[\uD800-\uDBFF]$/); // no lone high surrogate at the end
    }
  });

  it('keeps the words around a cut giant sentence apart', () => {
    const pieces = splitForSpeech(`${'abc '.repeat(10)}end. Next sentence.`, 12);
    expect(pieces.join(' ')).not.toMatch(/endNext|abcNext/);
    expect(words(pieces.join(' '))).toEqual(words(`${'abc '.repeat(10)}end. Next sentence.`));
  });

  it('rejects a nonsensical limit', () => {
    expect(() => splitForSpeech('text', 0)).toThrow(RangeError);
  });
});
