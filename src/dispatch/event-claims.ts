/**
 * Claim-before-work for inbound platform events. Several instances may receive the same event (Discord
 * sends every gateway event to every session); the first instance to claim its id handles it, the others
 * drop it. On Redis the claim is one `SET key NX PX ttl`, so it holds across processes.
 *
 * A claim is held on the lease of its owner's presence (src/state/instance-presence.ts, 15 s, renewed by
 * the owner while it lives) until the owner confirms it, once the answer has visibly started or the work
 * ended. The instances that lost the claim keep a bounded watch on it (see event-watch.ts): when the owner
 * is gone with the claim unconfirmed, one of them takes the claim over and handles the event.
 */
import type { InstancePresence } from '../state/instance-presence.js';
import type { StateStore } from '../state/store.js';
import { createEventWatch, type WatchOptions } from './event-watch.js';

/** Longer than any redelivery: a Discord interaction token lives 15 minutes. */
export const CLAIM_TTL_MS = 20 * 60 * 1000;

/** What the claim key holds: who has the event, and whether it confirmed it. */
export interface ClaimRecord {
  owner: string;
  confirmed: boolean;
}

/** One event's claim as seen by this instance. */
export interface EventTicket {
  /** True when this instance has the event (it claimed it first, or took it over). */
  claim(): Promise<boolean>;
  /**
   * The answer has visibly started or the work ended: the event is never taken over (written once; a
   * no-op when not held or when the ticket has no `retake`, since no one watches such events; a failed
   * write is reported to `onError`, not thrown).
   */
  confirm(): Promise<void>;
}

export interface EventClaims {
  /** True exactly once per (kind, id) across every instance sharing the store. */
  claim(kind: string, id: string): Promise<boolean>;
  /**
   * A claim that is taken over when its owner dies before confirming: `retake` then runs on the one
   * instance that took it, with a ticket already held.
   */
  ticket(kind: string, id: string, retake?: (ticket: EventTicket) => Promise<void>): EventTicket;
  /** Events lost to another instance and watched in case it dies. */
  readonly watching: number;
  close(): void;
}

export interface EventClaimOptions extends WatchOptions {
  namespace?: string;
  ttlMs?: number;
  /** Called when another instance had the event first (counted as deduplicated). */
  onDuplicate?: (kind: string, id: string) => void;
}

export function createEventClaims(
  store: StateStore,
  options: EventClaimOptions = {},
  deps: { presence?: Pick<InstancePresence, 'id' | 'isAlive'> } = {},
): EventClaims {
  // a claim only matters while this process runs (on Redis it is atomic and shared as before)
  const ns = store.namespace(options.namespace ?? 'event-claims', { durable: false });
  const ttl = options.ttlMs ?? CLAIM_TTL_MS;
  const owner = deps.presence?.id ?? 'this';
  const record = (confirmed: boolean): ClaimRecord => ({ owner, confirmed });
  const watch = deps.presence
    ? createEventWatch(options, { ns, presence: deps.presence, ttlMs: ttl })
    : undefined;

  function ticket(kind: string, id: string, retake?: (t: EventTicket) => Promise<void>, held = false) {
    const key = `${kind}:${id}`;
    let confirmed = false;
    const t: EventTicket = {
      async claim() {
        if (held) return true;
        held = await ns.add(key, record(false), ttl);
        if (held) return true;
        options.onDuplicate?.(kind, id);
        if (retake && watch) watch.add(key, () => retake(ticket(kind, id, retake, true)));
        return false;
      },
      async confirm() {
        // only events others may take over are watched: the others need no confirmation (no write)
        if (!held || confirmed || !retake) return;
        confirmed = true;
        await ns.set(key, record(true), ttl).catch((err: unknown) => options.onError?.(err));
      },
    };
    return t;
  }

  return {
    claim: (kind, id) => ticket(kind, id).claim(),
    ticket: (kind, id, retake) => ticket(kind, id, retake),
    get watching() {
      return watch?.size ?? 0;
    },
    close: () => watch?.close(),
  };
}
