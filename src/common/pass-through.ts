/**
 * A hand-written async iterator that passes another one's items through, watching them go by and
 * running a closing step once when it is over. It stands in for an `async function*` that does
 * `yield* inner` (or `for await … yield`) inside `try … finally`: one `.then` per item instead of
 * the several promises and microtask hops a generator layer costs.
 *
 * What the generator did, it does: items and the inner error object arrive untouched and in order;
 * `onEnd` runs exactly once when the inner ends, fails or is closed by `return()` (which calls the
 * inner's `return()` first), and when `awaitEnd` is set the consumer hears of the end only after it;
 * a finished iterator keeps answering `{ done: true }`. Callers ask for one item at a time (as
 * `for await` does); a `return()` before the first `next()` closes the inner as well, so a stream
 * given up unread is still closed and reported. There is no `throw()`: nothing here uses it.
 */
export interface PassThroughHooks<T> {
  /** Sees each item before the consumer does. */
  onItem?: (item: T) => void;
  /** Runs once when the iteration is over (the `finally` of the generator it replaces). */
  onEnd?: () => Promise<void> | void;
  /** The consumer's last `next()`/`return()` settles after `onEnd`'s promise (else it is not awaited). */
  awaitEnd?: boolean;
}

const DONE = Object.freeze({ value: undefined, done: true } as const);

/** Calls `f`, turning a synchronous throw into a rejected promise (as an async function would). */
export function attempt<R>(f: () => Promise<R>): Promise<R> {
  try {
    return f();
  } catch (err) {
    return Promise.reject(err);
  }
}

export function passThrough<T>(
  open: () => AsyncIterator<T>,
  hooks: PassThroughHooks<T> = {},
): AsyncIterableIterator<T> {
  const { onItem, onEnd, awaitEnd = false } = hooks;
  let inner: AsyncIterator<T> | undefined;
  let over = false;
  let finished = false;

  /** Marks the iteration over and runs `onEnd` once; the promise settles when the consumer may hear of it. */
  const finish = (): Promise<void> | undefined => {
    over = true;
    if (finished) return undefined;
    finished = true;
    const ended = onEnd?.();
    return awaitEnd && ended ? ended : undefined;
  };
  const endWith = <R>(result: R): R | Promise<R> => {
    const ended = finish();
    return ended ? ended.then(() => result) : result;
  };
  const failWith = (err: unknown): Promise<never> => {
    const ended = finish();
    if (ended) return ended.then(() => Promise.reject(err));
    return Promise.reject(err);
  };

  /** The consumer stopped (or a watcher failed): the inner is closed, then `onEnd` runs. */
  const close = (value?: unknown): Promise<IteratorResult<T>> => {
    if (over) return Promise.resolve({ value, done: true } as IteratorResult<T>);
    over = true;
    return attempt(() => {
      inner ??= open();
      return inner.return ? inner.return(value) : Promise.resolve({ value, done: true } as IteratorResult<T>);
    }).then(
      (r?: IteratorResult<T>) => endWith({ value: r?.value, done: true } as IteratorResult<T>),
      failWith,
    );
  };

  const iterator: AsyncIterableIterator<T> = {
    next(): Promise<IteratorResult<T>> {
      if (over) return Promise.resolve(DONE);
      return attempt(() => {
        inner ??= open();
        return inner.next();
      }).then((r) => {
        if (r.done) return endWith(DONE);
        try {
          onItem?.(r.value);
        } catch (err) {
          // as a generator's body failing inside its loop: the inner is closed, then the error goes on
          return close().then(() => Promise.reject(err));
        }
        return r;
      }, failWith);
    },
    return: close,
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
