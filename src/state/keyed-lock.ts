/** Serializes async work per key inside this process (used for set-if-absent on single-process backends). */
export interface KeyedLock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

const settle = () => undefined;

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      // a free key starts at once (no extra turn); a busy one after whatever runs or waits there
      let current: Promise<T>;
      if (previous) current = previous.then(work, work);
      else
        try {
          current = work();
        } catch (err) {
          current = Promise.reject(err);
        }
      const tail: Promise<unknown> = current.then(settle, settle).then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      tails.set(key, tail);
      return current;
    },
  };
}
