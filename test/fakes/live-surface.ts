/** A FakeSurface that also streams natively (like Slack's chat.startStream), recording each live message. */
import type { NativeStream } from '../../src/surface/reply-surface.js';
import { createFakeSurface, type FakeSurface } from './surface.js';

export interface LiveMessage {
  id: string;
  text: string;
  appends: number;
  finished?: { text?: string; footer?: string; buttons?: unknown[] };
}

export interface LiveSurface extends FakeSurface {
  readonly live: LiveMessage[];
  /** Refuse the next `n` openStream calls (resolve undefined, as a surface that cannot stream here). */
  refuseOpen(n: number): void;
  /** Fail the next `n` appends (as Slack's message_not_in_streaming_state). */
  failAppends(n: number): void;
  /** Everything the user sees: live messages (with their closing text and footer), then posts. */
  seen(): string;
}

export function createLiveSurface(
  limits: { maxChars?: number; maxAgeMs?: number; appendIntervalMs?: number } = {},
): LiveSurface {
  const base = createFakeSurface({ platform: 'slack', maxMessageChars: 3000 });
  const live: LiveMessage[] = [];
  let refuse = 0;
  let failing = 0;
  const surface = base as LiveSurface;
  Object.assign(surface, {
    live,
    refuseOpen: (n: number) => {
      refuse = n;
    },
    failAppends: (n: number) => {
      failing = n;
    },
    seen: () =>
      [
        ...live.map(
          (m) => m.text + (m.finished?.text ?? '') + (m.finished?.footer ? `\n${m.finished.footer}` : ''),
        ),
        base.visibleText(),
      ]
        .filter(Boolean)
        .join('\n'),
    openStream: async (first: string): Promise<NativeStream | undefined> => {
      if (refuse > 0) {
        refuse -= 1;
        return undefined;
      }
      const msg: LiveMessage = { id: `live${live.length + 1}`, text: first, appends: 0 };
      live.push(msg);
      return {
        ref: { id: msg.id, channelId: 'C1', threadId: 'T1' },
        maxChars: limits.maxChars ?? 10_000,
        maxAgeMs: limits.maxAgeMs ?? 60_000,
        appendIntervalMs: limits.appendIntervalMs ?? 0,
        async append(markdown) {
          if (msg.finished) throw new Error('message_not_in_streaming_state');
          if (failing > 0) {
            failing -= 1;
            throw new Error('message_not_in_streaming_state');
          }
          msg.text += markdown;
          msg.appends += 1;
        },
        async finish(final) {
          msg.finished = final;
        },
      };
    },
  });
  return surface;
}
