/**
 * A bound on how many messages one answer takes: past `MAX_ANSWER_MESSAGES` the chat shows the first
 * ones with a note, and the whole answer follows as an attached Markdown file (a 400 KB answer is
 * one file, not hundreds of messages that flood the channel and the rate limits).
 */
import type { OutgoingFile } from '../surface/reply-surface.js';
import { displayMarkdown, splitMarkdown } from './markdown-split.js';

export const MAX_ANSWER_MESSAGES = 10;
export const OVERFLOW_NOTE = '\n\n_(continued in the attached file)_';
/** Room kept in the last shown message for the note. */
const NOTE_RESERVE = OVERFLOW_NOTE.length + 8;

export interface Pieces {
  pieces: string[];
  /** True when the text needs more than the allowed messages. */
  overflow: boolean;
}

/** At most `max` pieces of `body`; only a prefix is split, so a huge answer costs no more than a full chat. */
export function cappedPieces(body: string, limit: number, max = MAX_ANSWER_MESSAGES): Pieces {
  const room = limit - NOTE_RESERVE;
  const window = room * (max + 1);
  const head = body.length > window ? displayMarkdown(body.slice(0, window)) : body;
  const all = splitMarkdown(head, room);
  if (all.length <= max && head === body) return { pieces: all, overflow: false };
  const pieces = all.slice(0, max);
  pieces[max - 1] = `${pieces[max - 1] ?? ''}${OVERFLOW_NOTE}`;
  return { pieces, overflow: true };
}

/** The whole answer as a file to attach, clipped to what the platform takes. */
export function answerFile(text: string, maxBytes: number): OutgoingFile {
  let data = Buffer.from(text, 'utf8');
  if (data.length > maxBytes) data = data.subarray(0, Math.max(0, maxBytes - 64));
  return { name: 'answer.md', contentType: 'text/markdown', data };
}
