/**
 * Claim-before-work for inbound platform events. Several instances may receive the same event (Discord
 * sends every gateway event to every session); the first instance to claim its id handles it, the others
 * drop it silently. On Redis the claim is one `SET key NX PX ttl`, so it holds across processes.
 */
import type { StateStore } from '../state/store.js';

/** Longer than any redelivery: a Discord interaction token lives 15 minutes. */
export const CLAIM_TTL_MS = 20 * 60 * 1000;

export interface EventClaims {
  /** True exactly once per (kind, id) across every instance sharing the store. */
  claim(kind: string, id: string): Promise<boolean>;
}

export function createEventClaims(
  store: StateStore,
  options: {
    namespace?: string;
    ttlMs?: number;
    instanceId?: string;
    /** Called when another instance had the event first (counted as deduplicated). */
    onDuplicate?: (kind: string) => void;
  } = {},
): EventClaims {
  const ns = store.namespace(options.namespace ?? 'event-claims');
  const ttl = options.ttlMs ?? CLAIM_TTL_MS;
  const owner = options.instanceId ?? 'this';
  return {
    async claim(kind, id) {
      const first = await ns.add(`${kind}:${id}`, owner, ttl);
      if (!first) options.onDuplicate?.(kind);
      return first;
    },
  };
}
