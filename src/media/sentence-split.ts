/**
 * Splits text for TTS requests: `splitForSpeech(text, maxChars)` → pieces of at most `maxChars`
 * characters (UTF-16 units, as APIs count them), cut at sentence boundaries and packed greedily;
 * a sentence longer than the limit is cut at word boundaries, a giant word at grapheme
 * boundaries (never inside a surrogate pair or emoji). Pieces are trimmed; none is empty.
 */

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });
const words = new Intl.Segmenter('en', { granularity: 'word' });
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Greedy packing of segments (kept with their trailing spaces) into pieces ≤ max. */
function pack(segments: Iterable<string>, max: number, cut: (segment: string) => string[]): string[] {
  const pieces: string[] = [];
  let current = '';
  const flush = () => {
    const piece = current.trim();
    if (piece) pieces.push(piece);
    current = '';
  };
  for (const segment of segments) {
    if ((current + segment).trim().length <= max) {
      current += segment;
      continue;
    }
    flush();
    if (segment.trim().length <= max) {
      current = segment;
      continue;
    }
    const parts = cut(segment);
    for (const part of parts.slice(0, -1)) pieces.push(part);
    current = (parts.at(-1) ?? '') + (/\s*$/.exec(segment)?.[0] ?? '');
  }
  flush();
  return pieces;
}

function splitGraphemes(word: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(word.trim())) {
    if (current.length + segment.length > max && current) {
      parts.push(current);
      current = '';
    }
    current += segment;
  }
  if (current) parts.push(current);
  return parts;
}

function splitWords(sentence: string, max: number): string[] {
  const segs = Array.from(words.segment(sentence), (s) => s.segment);
  return pack(segs, max, (word) => splitGraphemes(word, max));
}

export function splitForSpeech(text: string, maxChars: number): string[] {
  if (!Number.isInteger(maxChars) || maxChars < 1)
    throw new RangeError('maxChars must be a positive integer');
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.length <= maxChars) return [trimmed];
  const segs = Array.from(sentences.segment(trimmed), (s) => s.segment);
  return pack(segs, maxChars, (sentence) => splitWords(sentence, maxChars));
}
