/**
 * The post-then-edit streaming driver shared by every surface: post the first text, then edit as
 * more arrives. The next edit starts only after the previous one finished, at most one per
 * `minEditIntervalMs` per message and within the channel's edit budget (shared scheduler). Long
 * answers continue in new messages, split without breaking Markdown, up to MAX_ANSWER_MESSAGES;
 * beyond that the whole answer follows as an attached file. Never throws for a source
 * failure: the partial text stays visible and the caller decides what to say.
 */
import type { Metrics } from '../ops/metrics.js';
import type { ButtonSpec, MessageRef, ReplySurface } from '../surface/reply-surface.js';
import { measureAnswer } from './answer-metrics.js';
import type { EditScheduler } from './edit-scheduler.js';
import { endMarker } from './footer.js';
import { displayMarkdown } from './markdown-split.js';
import { streamNatively } from './native-driver.js';
import { answerFile, cappedPieces } from './overflow.js';

export interface StreamOptions {
  scheduler: EditScheduler;
  /** Buttons on the last message while streaming (e.g. Stop). */
  buttons?: ButtonSpec[];
  /** Computed once at the end: footer and buttons of the finished answer. */
  finish?: (result: { completed: boolean; stopped: boolean; text: string }) => {
    footer?: string;
    buttons?: ButtonSpec[];
  };
  placeholder?: string;
  /** Native streams: how long an answer streams before its Stop companion is posted (default 1 s). */
  controlsAfterMs?: number;
  signal?: AbortSignal;
  /**
   * Called after each write while the answer streams (at the edit cadence, never per token) with
   * the text so far and where it shows, so a crash can be cleaned up after (chat/answer-journal.ts).
   */
  onProgress?: (progress: StreamProgress) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Counts and times the answer (ops metrics). */
  metrics?: Metrics;
}

export interface StreamProgress {
  text: string;
  /** The answer's messages so far. */
  messages: readonly MessageRef[];
  /** A native stream's companion message holding the live buttons. */
  controls?: MessageRef;
  /** The last message is a live native stream (it must be ended before it can be edited). */
  native: boolean;
}

export interface StreamResult {
  text: string;
  messages: MessageRef[];
  completed: boolean;
  stopped: boolean;
  error?: unknown;
}

const FOOTER_RESERVE = 200;

/** The bot-wide budget is per platform and workspace/server (Slack limits each workspace). */
export function botBucket(surface: ReplySurface): string {
  const where = surface.location;
  return `bot:${where.platform}:${where.serverId ?? where.channelId}`;
}

/** Streams `source` to the surface: natively where the surface can, else post-then-edit. */
export function streamToSurface(
  surface: ReplySurface,
  source: AsyncIterable<string>,
  opts: StreamOptions,
): Promise<StreamResult> {
  const drive = (text: AsyncIterable<string>) =>
    surface.openStream
      ? streamNatively(surface, text, opts, (rest) => postThenEdit(surface, rest, opts))
      : postThenEdit(surface, text, opts);
  return opts.metrics ? measureAnswer(opts.metrics, source, opts.signal, drive) : drive(source);
}

async function postThenEdit(
  surface: ReplySurface,
  source: AsyncIterable<string>,
  opts: StreamOptions,
): Promise<StreamResult> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const limit = surface.limits.maxMessageChars - FOOTER_RESERVE;
  const channel = surface.editBucket ?? surface.location.threadId ?? surface.location.channelId;
  const refs: MessageRef[] = [];
  const shown: string[] = [];
  let text = '';
  let lastEdit = 0;
  let overflowed = false;

  const render = async (body: string, final?: { footer?: string; buttons?: ButtonSpec[] }) => {
    const { pieces, overflow } = cappedPieces(body, limit);
    overflowed = overflow;
    for (let i = 0; i < pieces.length; i++) {
      const last = i === pieces.length - 1;
      const message = {
        text: pieces[i] as string,
        ...(last && final?.footer ? { footer: final.footer } : {}),
        buttons: last ? (final ? (final.buttons ?? []) : (opts.buttons ?? [])) : [],
      };
      const key = JSON.stringify(message);
      if (i >= refs.length) {
        refs.push(await surface.post(message));
        shown.push(key);
        lastEdit = now(); // a new message counts as its first write: the next edit waits the interval
        continue;
      }
      if (shown[i] === key) continue;
      const wait = lastEdit + surface.limits.minEditIntervalMs - now();
      // an answer that ends during the wait skips this edit: the final one follows at once
      if (wait > 0) await (final ? sleep(wait) : Promise.race([sleep(wait), reader]));
      if (!final && done) return;
      // the bot-wide budget thins out intermediate edits under load (skipped, never waited for);
      // the final edit always goes
      const botBudget = surface.limits.botEditBudget;
      if (botBudget && !final && !opts.scheduler.tryAcquire(botBucket(surface), botBudget)) continue;
      await opts.scheduler.acquire(channel, surface.limits.channelEditBudget);
      await surface.edit(refs[i] as MessageRef, message);
      lastEdit = now();
      shown[i] = key;
    }
  };

  // reader: pulls text as fast as it comes; the editor below renders the latest state
  let done = false;
  let error: unknown;
  let stopped = false;
  let wake: (() => void) | undefined;
  /** Set when the surface could not show even the first message: reading on would only cost tokens. */
  let abandon = false;
  const poke = () => {
    wake?.();
    wake = undefined;
  };
  const reader = (async () => {
    try {
      for await (const delta of source) {
        if (opts.signal?.aborted || abandon) break;
        text += delta;
        poke();
      }
    } catch (err) {
      if (opts.signal?.aborted) stopped = true;
      else error = err;
    } finally {
      if (opts.signal?.aborted) stopped = true;
      done = true;
      poke();
    }
  })();

  let renderError: unknown;
  try {
    await render(opts.placeholder ?? '…');
    opts.onProgress?.({ text: '', messages: refs, native: false });
    let rendered = '';
    while (!done) {
      if (text === rendered) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (done || text !== rendered) poke();
        });
        continue;
      }
      rendered = text;
      await render(displayMarkdown(text));
      opts.onProgress?.({ text: rendered, messages: refs, native: false });
    }
  } catch (err) {
    renderError = err;
    // nothing could be posted at all (e.g. no permission to write here): stop the upstream answer;
    // otherwise keep reading, so the final render can still show the whole text
    if (refs.length === 0) abandon = true;
  }
  await reader;
  const completed = !stopped && error === undefined;
  const body = text.length > 0 ? text : completed ? '_(the model returned no text)_' : '';
  const marker = endMarker(stopped, completed, opts.signal?.reason);
  const final = opts.finish?.({ completed, stopped, text }) ?? {};
  try {
    await render(displayMarkdown(body) + marker, final);
    if (overflowed)
      refs.push(
        await surface.post({
          text: `The whole answer (${text.length.toLocaleString('en-US')} characters) is in this file.`,
          files: [answerFile(text, surface.limits.maxUploadBytes)],
        }),
      );
  } catch (err) {
    renderError ??= err;
  }
  const result: StreamResult = { text, messages: refs, completed: completed && !renderError, stopped };
  if (error !== undefined || renderError !== undefined) result.error = error ?? renderError;
  return result;
}
