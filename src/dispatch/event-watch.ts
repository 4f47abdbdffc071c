/**
 * The watch an instance keeps on events it lost to another instance (src/dispatch/event-claims.ts):
 * every few seconds it reads each watched claim. Confirmed (the owner's answer is visible) or expired →
 * forgotten. Owner still alive → kept. Owner gone (its presence expired) with the claim unconfirmed →
 * one watcher takes it over (`SET NX` on a key naming the gone owner, so exactly one wins per owner),
 * records itself as the owner and handles the event. Bounded: at most `maxWatched` events, each for at
 * most `watchForMs`; an event beyond the cap is not watched (it is lost if its owner dies).
 */
import type { InstancePresence } from '../state/instance-presence.js';
import type { Namespace } from '../state/store.js';
import type { ClaimRecord } from './event-claims.js';

export interface WatchOptions {
  /** Events watched at once (default 1,000). */
  maxWatched?: number;
  /** How long one event is watched at most (default 10 minutes). */
  watchForMs?: number;
  /** How often the watched claims are read (default 3 s). */
  checkEveryMs?: number;
  /** This instance took an event over from a gone instance. */
  onTakeover?(key: string, from: string): void;
  /** The watch list became full: this event (and the next ones until there is room) is not watched. */
  onOverflow?(key: string): void;
  onError?(err: unknown): void;
}

interface Watched {
  since: number;
  retake(): Promise<void>;
}

export interface EventWatch {
  add(key: string, retake: () => Promise<void>): void;
  readonly size: number;
  close(): void;
}

const isRecord = (v: unknown): v is ClaimRecord =>
  typeof v === 'object' && v !== null && typeof (v as ClaimRecord).owner === 'string';

export function createEventWatch(
  options: WatchOptions,
  deps: { ns: Namespace; presence: Pick<InstancePresence, 'id' | 'isAlive'>; ttlMs: number },
): EventWatch {
  const { ns, presence } = deps;
  const max = options.maxWatched ?? 1_000;
  const watchFor = options.watchForMs ?? 10 * 60 * 1000;
  const watched = new Map<string, Watched>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let running = false;
  let full = false;

  /** Takes the claim over from `from` when this instance is the first to try; true when it did. */
  async function takeOver(key: string, from: string): Promise<boolean> {
    if (!(await ns.add(`takeover:${key}:${from}`, presence.id, deps.ttlMs))) return false;
    // the gone owner may have confirmed in its last moments
    const again = await ns.get<unknown>(key);
    if (!isRecord(again) || again.confirmed || again.owner !== from) return false;
    await ns.set<ClaimRecord>(key, { owner: presence.id, confirmed: false }, deps.ttlMs);
    return true;
  }

  async function check(key: string, w: Watched, alive: Map<string, Promise<boolean>>): Promise<void> {
    const rec = await ns.get<unknown>(key);
    if (!isRecord(rec) || rec.confirmed || rec.owner === presence.id || Date.now() - w.since > watchFor) {
      watched.delete(key);
      return;
    }
    if (!alive.has(rec.owner)) alive.set(rec.owner, presence.isAlive(rec.owner));
    if (await alive.get(rec.owner)) return;
    if (!(await takeOver(key, rec.owner))) return; // another instance took it: watched until it confirms
    watched.delete(key);
    options.onTakeover?.(key, rec.owner);
    // handled alongside the watch, not inside it (an answer takes a while)
    void w.retake().catch((err: unknown) => options.onError?.(err));
  }

  async function tick(): Promise<void> {
    if (running) return;
    running = true;
    const alive = new Map<string, Promise<boolean>>();
    try {
      for (const [key, w] of [...watched])
        await check(key, w, alive).catch((err: unknown) => options.onError?.(err));
    } finally {
      running = false;
      if (watched.size === 0) stop();
    }
  }

  function stop() {
    clearInterval(timer);
    timer = undefined;
  }

  return {
    add(key, retake) {
      if (watched.has(key)) return;
      if (watched.size >= max) {
        if (!full) options.onOverflow?.(key);
        full = true;
        return;
      }
      full = false;
      watched.set(key, { since: Date.now(), retake });
      if (!timer) {
        timer = setInterval(() => void tick(), options.checkEveryMs ?? 3_000);
        timer.unref();
      }
    },
    get size() {
      return watched.size;
    },
    close() {
      stop();
      watched.clear();
    },
  };
}
