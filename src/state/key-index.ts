/**
 * Which keys exist in a store only this process writes, loaded once at start: a key the index does not
 * hold is known to be absent without asking the disk (a new conversation, a new event id, a person's
 * first settings). Bounded: past `maxKeys` the index switches itself off and reads go to the store.
 */

export interface KeyIndex {
  /** False: the key is certainly absent. True: it may exist (ask the store or the cache). */
  mayHave(rawKey: string): boolean;
  added(rawKey: string): void;
  removed(rawKey: string): void;
  /** Replace the whole index (after a purge of expired rows), keeping keys written meanwhile. */
  rebuild(load: () => Promise<string[]>): Promise<void>;
}

export function createKeyIndex(initial: string[] | undefined, maxKeys: number): KeyIndex {
  let keys: Set<string> | undefined = initial && initial.length <= maxKeys ? new Set(initial) : undefined;
  let sinceRebuild: Set<string> | undefined;
  return {
    mayHave: (rawKey) => keys === undefined || keys.has(rawKey),
    added(rawKey) {
      sinceRebuild?.add(rawKey);
      if (!keys) return;
      keys.add(rawKey);
      if (keys.size > maxKeys) keys = undefined;
    },
    removed(rawKey) {
      keys?.delete(rawKey);
    },
    async rebuild(load) {
      if (sinceRebuild) return;
      sinceRebuild = new Set();
      try {
        const loaded = await load();
        if (loaded.length + sinceRebuild.size > maxKeys) {
          keys = undefined;
          return;
        }
        const next = new Set(loaded);
        for (const rawKey of sinceRebuild) next.add(rawKey);
        keys = next;
      } finally {
        sinceRebuild = undefined;
      }
    },
  };
}
