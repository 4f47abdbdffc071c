/**
 * Shares one in-flight call among concurrent callers of the same key (inside this process):
 *   const flight = createSingleFlight<T>();
 *   flight.run(key, (signal) => work(signal), callerSignal?)
 * Each caller may abort on its own (its promise rejects with its signal's reason); the shared
 * work is aborted only when every caller has gone. Once settled, the key is free again.
 */

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
}

export interface SingleFlight<T> {
  run(key: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Keys with a call in flight (for tests and metrics). */
  readonly size: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const flights = new Map<string, Flight<T>>();

  function start(key: string, work: (signal: AbortSignal) => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const flight: Flight<T> = { controller, waiters: 0, promise: Promise.resolve(undefined as T) };
    flight.promise = (async () => {
      try {
        return await work(controller.signal);
      } finally {
        if (flights.get(key) === flight) flights.delete(key);
      }
    })();
    flight.promise.catch(() => {}); // observed through the callers' promises
    flights.set(key, flight);
    return flight;
  }

  return {
    get size() {
      return flights.size;
    },
    run(key, work, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const flight = flights.get(key) ?? start(key, work);
      flight.waiters++;
      if (!signal) return flight.promise;
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          if (--flight.waiters === 0) flight.controller.abort(signal.reason);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
  };
}
