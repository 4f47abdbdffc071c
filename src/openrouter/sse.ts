/**
 * Incremental Server-Sent Events parser: bytes in, events out. Handles chunks split anywhere
 * (even inside a UTF-8 character), LF / CRLF / CR line ends, `event:` + `data:` pairs,
 * multi-line data and comment lines (`: OPENROUTER PROCESSING`), which are dropped.
 * Lines are found with indexOf (the hot path of every streamed answer).
 */
export interface SseEvent {
  event?: string;
  data: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** Start of a line whose end has not arrived yet. */
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];
  /** The last chunk ended in CR: a leading LF of the next one belongs to it. */
  private skipLf = false;
  /** Grows with every non-comment line, complete or partial: keep-alive comments alone leave it unchanged. */
  progress = 0;

  /** Feed bytes; returns the events completed by them. */
  push(chunk: Uint8Array): SseEvent[] {
    return this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  /** Flush at end of input: a final event without its blank line still counts. */
  end(): SseEvent[] {
    return this.feed(`${this.decoder.decode()}\n\n`);
  }

  private feed(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    if (this.skipLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      this.skipLf = false;
    }
    const hasCr = text.indexOf('\r', start) !== -1;
    for (;;) {
      const end = hasCr ? lineEnd(text, start) : text.indexOf('\n', start);
      if (end === -1) break;
      const piece = text.slice(start, end);
      if (this.buffer === '') this.line(piece, out);
      else {
        this.line(this.buffer + piece, out);
        this.buffer = '';
      }
      start = end + 1;
      if (text.charCodeAt(end) === 13) {
        if (start >= text.length) this.skipLf = true;
        else if (text.charCodeAt(start) === 10) start++;
      }
    }
    if (start < text.length) {
      this.buffer += text.slice(start);
      if (this.buffer.charCodeAt(0) !== 58) this.progress++;
    }
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      const count = this.data.length;
      if (count > 0) {
        const event: SseEvent = { data: count === 1 ? (this.data[0] as string) : this.data.join('\n') };
        if (this.event !== undefined) event.event = this.event;
        out.push(event);
        this.data = [];
      }
      this.event = undefined;
      return;
    }
    if (line.startsWith('data: ')) {
      this.progress++;
      this.data.push(line.slice(6));
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment
    this.progress++;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}

/** Index of the next CR or LF at or after `from`, or -1. */
function lineEnd(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  if (lf === -1) return cr;
  if (cr === -1) return lf;
  return Math.min(lf, cr);
}
