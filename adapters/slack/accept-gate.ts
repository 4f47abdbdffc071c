/**
 * When a listener's work may start: after the connections already waiting have been accepted.
 *
 * Node's libuv (1.45+) accepts one connection per event-loop iteration. Under a burst of new HTTP
 * connections (Slack opens one per event) every iteration also runs the answers already started
 * (their streams, Web API replies), so the 50th waiting connection is accepted — and its event
 * acknowledged — only after 50 full iterations of answer work. The gate holds the work of events
 * already acknowledged while the iteration before accepted a connection (more are probably waiting),
 * so iterations stay short until the queue is empty, then releases all of it at once. `maxHoldMs`
 * bounds the wait when connections never stop coming. Without a server (Socket Mode) it waits one
 * iteration, after the I/O already waiting.
 */
import type { EventEmitter } from 'node:events';

export interface AcceptGate {
  /** Resolves when the work of an acknowledged event may start. */
  wait(): Promise<void>;
  /** Watches the HTTP server's accepted connections (HTTP mode). */
  watch(server: EventEmitter): void;
}

export function createAcceptGate(options: { maxHoldMs: number }): AcceptGate {
  let watching = false;
  let accepted = false;
  /** The first check may come in the iteration the wait began in: the poll phase it follows may not have looked at the listening socket since. */
  let firstCheck = false;
  let waiting: Array<() => void> = [];
  let since = 0;
  let scheduled = false;
  const check = () => {
    // an accept since the last check: more connections are probably queued behind it
    const hold = (accepted || firstCheck) && performance.now() - since < options.maxHoldMs;
    accepted = false;
    firstCheck = false;
    if (hold) {
      setImmediate(check);
      return;
    }
    scheduled = false;
    const ready = waiting;
    waiting = [];
    for (const resolve of ready) resolve();
  };
  return {
    wait: () =>
      new Promise<void>((resolve) => {
        if (waiting.length === 0) since = performance.now();
        waiting.push(resolve);
        if (scheduled) return;
        scheduled = true;
        firstCheck = watching;
        setImmediate(check);
      }),
    watch(server) {
      watching = true;
      server.on('connection', () => {
        accepted = true;
      });
    },
  };
}
