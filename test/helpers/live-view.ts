/**
 * An object that stands for whatever `current()` returns when it is used: the fake or the bot of the
 * running test. Hooks replace the instance for every test; a file keeps one `const` for it.
 */
export function liveView<T extends object>(name: string, current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (value === undefined) {
      throw new Error(`${name} is not running here: use it inside a test (it starts in beforeEach)`);
    }
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const object = target();
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
    has: (_, key) => Reflect.has(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
  });
}
