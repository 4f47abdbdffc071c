/**
 * The driver for surfaces with native text streaming (Slack `chat.startStream`): the first text
 * opens a live message, later text is appended at most once per `appendIntervalMs`, and a message
 * that nears its size or age limit is ended and the answer continues in a new one (an open code
 * fence is closed and reopened). Where the surface cannot stream here, or a live message breaks and
 * cannot be reopened, the answer goes the ordinary way: nothing received is ever lost.
 */
import type { ButtonSpec, MessageRef, NativeStream, ReplySurface } from '../surface/reply-surface.js';
import { endMarker } from './footer.js';
import { type Controls, createControls } from './live-controls.js';
import { cutAt, openFenceAt, splitMarkdown } from './markdown-split.js';
import type { StreamOptions, StreamResult } from './stream-answer.js';
import { createTextPump, replay, type TextPump } from './text-pump.js';

type Fallback = (rest: AsyncIterable<string>) => Promise<StreamResult>;
type Final = { text?: string; footer?: string; buttons?: ButtonSpec[] };

export async function streamNatively(
  surface: ReplySurface,
  source: AsyncIterable<string>,
  opts: StreamOptions,
  fallback: Fallback,
): Promise<StreamResult> {
  const it = source[Symbol.asyncIterator]();
  let first = '';
  let failure: { error: unknown } | undefined;
  let ended = false;
  try {
    while (!first && !opts.signal?.aborted) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      first += r.value;
    }
  } catch (error) {
    failure = { error };
  }
  const cut = first && !failure && !ended ? safeEnd(first, 0) : 0;
  const live = cut > 0 ? await surface.openStream?.(first.slice(0, cut)).catch(() => undefined) : undefined;
  if (!live) return fallback(replay(first, it, failure, ended));
  let answer: LiveAnswer | undefined;
  // a companion posted later (after CONTROLS_AFTER_MS) is reported at once, so a crash can remove it
  const controls = createControls(surface, opts, () => answer?.progress());
  await controls.show();
  answer = new LiveAnswer(surface, live, first.slice(0, cut), opts, controls);
  opts.onProgress?.({
    text: first.slice(0, cut),
    messages: [live.ref],
    native: true,
    ...(controls.ref ? { controls: controls.ref } : {}),
  });
  try {
    return await answer.run(createTextPump(replay(first, it)[Symbol.asyncIterator](), opts.signal));
  } finally {
    await controls.remove();
  }
}

class LiveAnswer {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly refs: MessageRef[];
  private live: NativeStream | undefined;
  private startedAt: number;
  private lastAppend: number;
  /** Characters in the current live message. */
  private chars: number;
  /** How much of the answer text the live messages show; the rest is posted when they broke. */
  private shown: number;
  private text = '';

  constructor(
    private readonly surface: ReplySurface,
    live: NativeStream,
    /** What the live message shows when it opens. */
    opening: string,
    private readonly opts: StreamOptions,
    private readonly controls: Controls,
  ) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.live = live;
    this.refs = [live.ref];
    this.startedAt = this.now();
    this.lastAppend = this.startedAt;
    this.text = opening;
    this.chars = opening.length;
    this.shown = opening.length;
  }

  async run(pump: TextPump): Promise<StreamResult> {
    let renderError: unknown;
    let seen = this.shown;
    let ended = false;
    void pump.settled.then(() => {
      ended = true;
    });
    try {
      while (this.live && (await pump.wait(seen))) {
        const wait = this.lastAppend + this.live.appendIntervalMs - this.now();
        // an answer that ends meanwhile needs no append: its rest goes with the final call
        if (wait > 0) await Promise.race([this.sleep(wait), pump.settled]);
        if (ended) break;
        this.text = pump.text;
        seen = this.text.length;
        await this.push(safeEnd(this.text, this.shown));
        this.progress();
      }
    } catch (err) {
      renderError = err;
    }
    const { stopped, error } = await pump.settled;
    this.text = pump.text;
    const completed = !stopped && error === undefined;
    const final = this.opts.finish?.({ completed, stopped, text: this.text }) ?? {};
    try {
      const marker = endMarker(stopped, completed, this.opts.signal?.reason);
      if (!(await this.endWithRest(marker, final))) {
        await this.push(this.text.length);
        await this.end({ text: marker, ...final });
      }
    } catch (err) {
      renderError ??= err;
    }
    const result: StreamResult = {
      text: this.text,
      messages: this.refs,
      completed: completed && renderError === undefined,
      stopped,
    };
    if (error !== undefined || renderError !== undefined) result.error = error ?? renderError;
    return result;
  }

  /**
   * Ends the live message with the text not shown yet in its final call (no append), when it can
   * take it. False when it cannot, or refused (e.g. the stream expired): the caller then shows the
   * rest the ordinary way (append, or a new message) and ends it, so nothing is lost.
   */
  private async endWithRest(marker: string, final: Final): Promise<boolean> {
    const live = this.live;
    if (!live) return false;
    const rest = this.text.slice(this.shown);
    const young = this.now() - this.startedAt < live.maxAgeMs * 0.8;
    if (!young || this.chars + rest.length > live.maxChars * 0.8) return false;
    await this.controls.remove();
    try {
      await live.finish({ ...final, text: rest + marker });
    } catch {
      return false;
    }
    this.shown = this.text.length;
    this.chars += rest.length;
    return true;
  }

  progress(): void {
    const controls = this.controls.ref;
    this.opts.onProgress?.({
      text: this.text.slice(0, this.shown),
      messages: this.refs,
      native: this.live !== undefined,
      ...(controls ? { controls } : {}),
    });
  }

  /**
   * Shows text up to `upto`. Near the size or age limit of the live message, it ends at a line
   * break and the answer continues in a new one (cut mid-line only when a single line is too long).
   */
  private async push(upto: number): Promise<void> {
    while (this.live && this.shown < upto) {
      const live = this.live;
      const age = this.now() - this.startedAt;
      const room = live.maxChars - this.chars;
      const chunk = this.text.slice(this.shown, upto);
      const full = chunk.length > room || age >= live.maxAgeMs;
      if (full || age >= live.maxAgeMs * 0.8 || this.chars + chunk.length > live.maxChars * 0.8) {
        const nl = chunk.slice(0, Math.max(0, room)).lastIndexOf('\n');
        if (nl >= 0 || full) {
          const head = nl >= 0 ? chunk.slice(0, nl + 1) : room >= 40 ? cutAt(chunk, room) : '';
          if (!head || (await this.append(head))) await this.rollover(upto);
          continue;
        }
      }
      await this.append(chunk);
    }
  }

  /** Appends to the live message; when Slack refuses (e.g. the stream expired), continues in a new one. */
  private async append(chunk: string): Promise<boolean> {
    try {
      await this.live?.append(chunk);
    } catch {
      await this.reopen(this.shown + chunk.length);
      return false;
    }
    this.chars += chunk.length;
    this.shown += chunk.length;
    this.lastAppend = this.now();
    return true;
  }

  /** Ends the full or old live message and opens the next, reopening a code fence left open. */
  private async rollover(upto: number): Promise<void> {
    const before = this.text.slice(0, this.shown);
    const fence = openFenceAt(before);
    const close = fence ? { text: `${before.endsWith('\n') ? '' : '\n'}${fence.marker}` } : {};
    await this.live?.finish(close).catch(() => undefined);
    await this.reopen(upto);
  }

  /** Opens a new live message with the next text; when that fails the rest is posted at the end. */
  private async reopen(upto: number): Promise<void> {
    const fence = openFenceAt(this.text.slice(0, this.shown));
    const prefix = fence ? `${fence.marker}${fence.info}\n` : '';
    const chunk = cutAt(this.text.slice(this.shown, upto), 2_000);
    this.live = await this.surface.openStream?.(prefix + chunk).catch(() => undefined);
    if (!this.live) return;
    this.refs.push(this.live.ref);
    await this.controls.move();
    this.startedAt = this.now();
    this.lastAppend = this.startedAt;
    this.chars = prefix.length + chunk.length;
    this.shown += chunk.length;
  }

  private async end(final: Final): Promise<void> {
    await this.controls.remove();
    if (this.live) {
      await this.live.finish(final);
      return;
    }
    // a live message broke and no new one could be opened: post what is not shown, ordinarily
    const fence = openFenceAt(this.text.slice(0, this.shown));
    const rest =
      (fence ? `${fence.marker}${fence.info}\n` : '') + this.text.slice(this.shown) + (final.text ?? '');
    const pieces = rest.trim() ? splitMarkdown(rest, this.surface.limits.maxMessageChars - 200) : [''];
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1;
      const text = pieces[i] || '_(end of answer)_';
      const ref = await this.surface.post({
        text,
        ...(last && final.footer ? { footer: final.footer } : {}),
        ...(last && final.buttons ? { buttons: final.buttons } : {}),
      });
      this.refs.push(ref);
    }
  }
}

/**
 * How far the text may be shown now. Slack reads pings in the assembled text, and each piece is
 * defused on its own, so a piece may not end inside one: an unclosed `<…` (even `<!here|all of
 * you`, labels have spaces) waits for its `>` (up to 200 characters), a trailing `@word` for the
 * next space.
 */
function safeEnd(text: string, from: number): number {
  const tail = text.slice(from);
  let end = text.length;
  const lt = tail.lastIndexOf('<');
  if (lt >= 0 && !tail.slice(lt).includes('>') && tail.length - lt <= 200) end = Math.min(end, from + lt);
  const at = tail.lastIndexOf('@');
  if (at >= 0 && !/[\s>]/.test(tail.slice(at))) end = Math.min(end, from + at);
  return end;
}
