/**
 * Which servers a person shares with the bot, recorded as they are seen using it in a server. DMs use it to
 * never be looser on privacy than any of those servers. Writes happen once per person and server per process.
 * The policy notes a sighting without waiting for it (`note`): a person's first command must not wait for a
 * committed write (or, on Redis, a lock) before its first reply. The copy a single process reads has the
 * server at once; on Redis a DM sent within milliseconds of that first command may not see it yet.
 */
import type { Logger } from 'pino';
import { createKeyedLock } from '../state/keyed-lock.js';
import { acquireWaiting } from '../state/primitives/lock.js';
import type { StateStore } from '../state/store.js';

export interface Membership {
  /** Records that the person uses the bot in that server; resolves once it is stored. */
  seen(platform: string, userId: string, serverId: string): Promise<void>;
  /** `seen` without waiting: a failure is logged (and the sighting recorded again next time). */
  note(platform: string, userId: string, serverId: string): void;
  serversOf(platform: string, userId: string): Promise<string[]>;
}

/** One person in one server: what this process has recorded (or is recording) already. */
const sighting = (platform: string, userId: string, serverId: string) => `${platform}:${userId}:${serverId}`;

export function createMembership(store: StateStore, deps: { logger?: Logger } = {}): Membership {
  const ns = store.namespace('membership');
  const known = new Set<string>();
  const noting = new Set<string>();
  // one process on the store: its own lock is enough (no store round trips to take and release one)
  const local = store.kind === 'redis' ? undefined : createKeyedLock();
  async function seen(platform: string, userId: string, serverId: string): Promise<void> {
    const key = `${platform}:${userId}`;
    if (known.has(sighting(platform, userId, serverId))) return;
    const current = (await ns.get<string[]>(key)) ?? [];
    if (!current.includes(serverId)) {
      const add = async () => {
        const fresh = (await ns.get<string[]>(key)) ?? [];
        if (!fresh.includes(serverId)) await ns.set(key, [...fresh, serverId]);
      };
      if (local) await local.run(key, add);
      else {
        // read-modify-write under the store's lock, so two instances never drop each other's server
        const token = await acquireWaiting(store.atomic.locks, `membership:${key}`, 5000, { waitMs: 5000 });
        try {
          await add();
        } finally {
          if (token) await store.atomic.locks.release(`membership:${key}`, token);
        }
      }
    }
    known.add(sighting(platform, userId, serverId));
  }
  return {
    seen,
    note(platform, userId, serverId) {
      const key = sighting(platform, userId, serverId);
      if (known.has(key) || noting.has(key)) return;
      noting.add(key);
      seen(platform, userId, serverId)
        .catch((err: unknown) =>
          deps.logger?.warn({ err, platform, userId, serverId }, 'could not record a server member'),
        )
        .finally(() => noting.delete(key));
    },
    serversOf: async (platform, userId) => (await ns.get<string[]>(`${platform}:${userId}`)) ?? [],
  };
}
