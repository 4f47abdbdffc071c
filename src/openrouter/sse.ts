/**
 * Incremental Server-Sent Events parser: bytes in, events out. Handles chunks split anywhere
 * (even inside a UTF-8 character), LF / CRLF / CR line ends, `event:` + `data:` pairs,
 * multi-line data and comment lines (`: OPENROUTER PROCESSING`), which are dropped.
 */
export interface SseEvent {
  event?: string;
  data: string;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];
  /** The last chunk ended in CR: a leading LF of the next one belongs to it. */
  private skipLf = false;

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
    let i = 0;
    if (this.skipLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) i = 1;
      this.skipLf = false;
    }
    let start = i;
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.line(this.buffer + text.slice(start, i), out);
      this.buffer = '';
      if (ch === 13) {
        if (i + 1 >= text.length) this.skipLf = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.buffer += text.slice(start);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        const event: SseEvent = { data: this.data.join('\n') };
        if (this.event !== undefined) event.event = this.event;
        out.push(event);
      }
      this.data = [];
      this.event = undefined;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
  }
}
