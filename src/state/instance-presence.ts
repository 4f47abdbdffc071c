/**
 * Which bot instances are alive: each instance keeps a key with a short TTL and renews it; a key that
 * expired means its instance stopped renewing (it died or was stopped). On a store only one process
 * uses (SQLite, memory) there is no other live instance, so only this one counts as alive.
 */
import type { StateStore } from './store.js';

export interface InstancePresence {
  readonly id: string;
  isAlive(id: string): Promise<boolean>;
  stop(): Promise<void>;
}

export interface PresenceConfig {
  id: string;
  /** How long a key outlives its last renewal. */
  ttlMs?: number;
  /** How often the key is renewed. */
  renewMs?: number;
}

export function createInstancePresence(
  config: PresenceConfig,
  deps: { store: StateStore; onError?(err: unknown): void },
): InstancePresence {
  const shared = deps.store.kind === 'redis';
  const ns = deps.store.namespace('instances');
  const ttl = config.ttlMs ?? 15_000;
  const renew = () =>
    ns.set(config.id, { since: Date.now() }, ttl).catch((err: unknown) => deps.onError?.(err));
  let timer: ReturnType<typeof setInterval> | undefined;
  if (shared) {
    void renew();
    timer = setInterval(() => void renew(), config.renewMs ?? Math.round(ttl / 3));
    timer.unref();
  }
  return {
    id: config.id,
    async isAlive(id) {
      if (id === config.id) return true;
      return shared && (await ns.has(id));
    },
    async stop() {
      clearInterval(timer);
      if (shared) await ns.delete(config.id).catch((err: unknown) => deps.onError?.(err));
    },
  };
}
