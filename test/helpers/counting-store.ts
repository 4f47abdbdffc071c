/**
 * A StateStore wrapper that counts every call made to each namespace (`settings.get`, …), so a
 * test can say how often one request reads the store. Proxies pass every other method through.
 */
import type { Namespace, StateStore } from '../../src/state/store.js';

export interface CountingStore extends StateStore {
  /** Calls per `namespace.method`, e.g. `{ 'settings.get': 3 }`. */
  readonly calls: Map<string, number>;
  count(namespace: string, method?: string): number;
  reset(): void;
}

export function countingStore(inner: StateStore): CountingStore {
  const calls = new Map<string, number>();
  const wrap = (name: string, ns: Namespace): Namespace =>
    new Proxy(ns, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const key = `${name}.${String(prop)}`;
          calls.set(key, (calls.get(key) ?? 0) + 1);
          return value.apply(target, args);
        };
      },
    });
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'calls') return calls;
      if (prop === 'reset') return () => calls.clear();
      if (prop === 'count')
        return (namespace: string, method?: string) =>
          [...calls].reduce(
            (sum, [key, n]) =>
              key.startsWith(`${namespace}.`) && (!method || key === `${namespace}.${method}`)
                ? sum + n
                : sum,
            0,
          );
      if (prop === 'namespace') return (name: string) => wrap(name, target.namespace(name));
      return Reflect.get(target, prop, receiver);
    },
  }) as CountingStore;
}
