/**
 * Keeps a "typing…" indicator (Discord) or thread status (Slack) alive while the answer has nothing
 * to show yet. The first one waits `firstAfterMs`: a quick answer's first words make it pointless
 * (one platform call saved per answer). `shown(surface)` stops it as soon as anything is posted.
 * Discord's indicator lasts ~10 s, so it is refreshed every ~8 s.
 */
import type { ReplySurface } from '../surface/reply-surface.js';

export interface Typing {
  stop(): void;
  /** The same surface, but its first post (or live stream) stops the indicator. */
  shown(surface: ReplySurface): ReplySurface;
}

export function keepTyping(
  reply: ReplySurface,
  opts: { firstAfterMs?: number; everyMs?: number } = {},
): Typing {
  let timer: NodeJS.Timeout | undefined;
  let stopped = !reply.typing;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };
  const send = () => {
    if (stopped) return;
    void reply.typing?.().catch(() => {});
    timer = setTimeout(send, opts.everyMs ?? 8_000);
    timer.unref?.();
  };
  if (!stopped) {
    timer = setTimeout(send, opts.firstAfterMs ?? 1_000);
    timer.unref?.();
  }
  return {
    stop,
    shown(surface) {
      if (stopped) return surface;
      const { post, openStream } = surface;
      return {
        ...surface,
        post: (message) => {
          stop();
          return post(message);
        },
        ...(openStream
          ? {
              openStream: (first: string) => {
                stop();
                return openStream(first);
              },
            }
          : {}),
      };
    },
  };
}
