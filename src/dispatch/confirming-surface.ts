/**
 * A reply surface that confirms an event's claim (src/dispatch/event-claims.ts) as soon as something is
 * visible in chat (the first message posted, live stream opened or thread opened) or the request changed
 * stored state (`committed`: its question is in the history). From then on no other instance may take the
 * event over, even if this one dies (a second answer or a second stored question would be a duplicate).
 */
import type { ReplySurface } from '../surface/reply-surface.js';

const VISIBLE = new Set<PropertyKey>(['post', 'openStream', 'openThread']);

export function confirmingSurface(surface: ReplySurface, confirm: () => Promise<void>): ReplySurface {
  return new Proxy(surface, {
    get(target, prop, receiver) {
      if (prop === 'committed') return confirm;
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !VISIBLE.has(prop)) return value;
      return async (...args: unknown[]) => {
        const result: unknown = await value.apply(target, args);
        await confirm();
        return result;
      };
    },
  });
}
