/**
 * Splits Markdown into pieces that fit a message limit without breaking it: prefer paragraph,
 * then line, then word boundaries; a code fence open at a split is closed at the end of the
 * piece and reopened (same language) at the start of the next; never cut a surrogate pair.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const CLOSE_RESERVE = 5; // "\n```" plus a spare

export interface OpenFence {
  marker: string;
  info: string;
}

/** The fence left open at the end of `text`, if any. */
export function openFenceAt(text: string): OpenFence | undefined {
  let open: OpenFence | undefined;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (!m) continue;
    const marker = m[1] as string;
    const info = (m[2] ?? '').trim();
    if (!open) open = { marker, info };
    else if (marker[0] === open.marker[0] && marker.length >= open.marker.length && info === '')
      open = undefined;
  }
  return open;
}

/** Text as it may be shown while still streaming: a half-open fence is closed for display. */
export function displayMarkdown(text: string): string {
  const fence = openFenceAt(text);
  if (!fence) return text;
  return `${text}${text.endsWith('\n') ? '' : '\n'}${fence.marker}`;
}

function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

function chooseCut(text: string, budget: number): number {
  const window = text.slice(0, budget);
  const floor = Math.floor(budget / 2);
  for (const sep of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= floor) return at + sep.length;
  }
  return safeCut(text, budget);
}

export function splitMarkdown(text: string, limit: number): string[] {
  if (limit < 40) throw new Error('splitMarkdown: limit too small');
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = chooseCut(rest, limit - CLOSE_RESERVE);
    let head = rest.slice(0, cut);
    let tail = rest.slice(cut);
    const fence = openFenceAt(head);
    if (fence) {
      head = `${head.replace(/\n+$/, '')}\n${fence.marker}`;
      tail = `${fence.marker}${fence.info}\n${tail.replace(/^\n/, '')}`;
    } else {
      head = head.replace(/\s+$/, '');
      tail = tail.replace(/^\n+/, '');
    }
    pieces.push(head);
    rest = tail;
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Cuts `text` at most `room` long, at a line or word boundary when one is near. */
export function cutAt(text: string, room: number): string {
  if (text.length <= room) return text;
  const window = text.slice(0, room);
  for (const sep of ['\n', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= room / 2) return window.slice(0, at + 1);
  }
  return window;
}
