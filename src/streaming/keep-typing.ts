/** Keeps a "typing…" indicator alive while long work runs (Discord's lasts ~10 s, so refresh every ~8 s). */
import type { ReplySurface } from '../surface/reply-surface.js';

export function keepTyping(reply: ReplySurface, everyMs = 8_000): { stop(): void } {
  if (!reply.typing) return { stop() {} };
  const send = () => void reply.typing?.().catch(() => {});
  send();
  const timer = setInterval(send, everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
