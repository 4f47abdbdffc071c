/**
 * ONE polling loop for every video job: a single timer armed for the earliest due job, at most
 * `maxConcurrent` polls in flight across all jobs, and per-job backoff from `minMs` growing by
 * `factor` up to `maxMs`, each wait shortened by a random share of up to `jitter` so jobs started
 * together drift apart. Clock and timers are injectable (tests, the benchmark).
 */
import { createDueQueue, type DueEntry as Entry } from './due-queue.js';

export interface PollerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollerConfig {
  minMs: number;
  maxMs: number;
  maxConcurrent: number;
  /** Growth per poll (default 1.5: 5, 7.5, 11.3, 16.9, 25.3, 30 s…). */
  factor?: number;
  /** Share of a wait that may be cut at random (default 0.2). */
  jitter?: number;
}

/** What one poll decided: the job is finished, or poll again (after `delayMs`, else the backoff). */
export type PollResult = { done: true } | { done?: false; delayMs?: number };

export interface PollerDeps {
  poll(id: string, attempt: number): Promise<PollResult>;
  clock?: PollerClock;
  random?: () => number;
  onError?(id: string, err: unknown): void;
}

/** What the video service needs from a poll loop: this embedded one, or BullMQ's (queue-poller.ts). */
export interface PollScheduler {
  /** Follow a job (again): first poll after `delayMs`, else after the backoff for `attempt`. */
  add(id: string, opts?: { attempt?: number; delayMs?: number }): void;
  remove(id: string): void;
  /** The queue only (several instances): whether the queue holds this job in any state. */
  isQueued?(id: string): Promise<boolean>;
  /** Jobs followed (for the queue: as last counted, across instances). */
  readonly size: number;
  /** Waits for the polls in flight; nothing runs afterwards. */
  stop(): Promise<void>;
}

export interface VideoPoller extends PollScheduler {
  has(id: string): boolean;
  readonly inFlight: number;
  /** Clears the timer and waits for the polls in flight; nothing runs afterwards. */
  stop(): Promise<void>;
}

export const realClock: PollerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function backoffDelay(attempt: number, config: PollerConfig, random: () => number): number {
  const base = Math.min(config.maxMs, config.minMs * (config.factor ?? 1.5) ** Math.max(0, attempt));
  return Math.round(base * (1 - (config.jitter ?? 0.2) * random()));
}

export function createVideoPoller(config: PollerConfig, deps: PollerDeps): VideoPoller {
  const clock = deps.clock ?? realClock;
  const random = deps.random ?? Math.random;
  const entries = new Map<string, Entry>();
  const queue = createDueQueue();
  const inFlight = new Set<Promise<void>>();
  let timer: { handle: unknown; at: number } | undefined;
  let stopped = false;

  const live = (item: { due: number; entry: Entry }) =>
    entries.get(item.entry.id) === item.entry && !item.entry.running && item.entry.due === item.due;

  /** The next item still meant to run (stale ones dropped). */
  function next() {
    for (let top = queue.peek(); top; top = queue.peek()) {
      if (live(top)) return top;
      queue.pop();
    }
    return undefined;
  }

  function arm(): void {
    if (stopped) return;
    const earliest = inFlight.size < config.maxConcurrent ? (next()?.due ?? Infinity) : Infinity;
    if (timer && timer.at <= earliest) return;
    if (timer) clock.clearTimeout(timer.handle);
    timer = undefined;
    if (earliest === Infinity) return;
    timer = { at: earliest, handle: clock.setTimeout(pump, Math.max(0, earliest - clock.now())) };
  }

  function pump(): void {
    if (timer) clock.clearTimeout(timer.handle);
    timer = undefined;
    if (stopped) return;
    const now = clock.now();
    for (let item = next(); item && item.due <= now && inFlight.size < config.maxConcurrent; item = next()) {
      queue.pop();
      run(item.entry);
    }
    arm();
  }

  function schedule(entry: Entry): void {
    queue.push(entry);
    arm();
  }

  function run(e: Entry): void {
    e.running = true;
    const task = deps
      .poll(e.id, e.attempt)
      .catch((err: unknown): PollResult => {
        deps.onError?.(e.id, err);
        return {};
      })
      .then((result) => {
        e.running = false;
        if (entries.get(e.id) !== e) return;
        if (result.done) return void entries.delete(e.id);
        e.attempt += 1;
        e.due = clock.now() + (result.delayMs ?? backoffDelay(e.attempt, config, random));
        queue.push(e);
      })
      .finally(() => {
        inFlight.delete(task);
        pump();
      });
    inFlight.add(task);
  }

  return {
    add(id, opts = {}) {
      if (stopped) return;
      const existing = entries.get(id);
      if (existing?.running) return;
      const attempt = opts.attempt ?? existing?.attempt ?? 0;
      const delay = opts.delayMs ?? backoffDelay(attempt, config, random);
      const entry = { id, attempt, due: clock.now() + delay, running: false };
      entries.set(id, entry);
      schedule(entry);
    },
    remove(id) {
      entries.delete(id);
    },
    has: (id) => entries.has(id),
    get size() {
      return entries.size;
    },
    get inFlight() {
      return inFlight.size;
    },
    async stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer.handle);
      timer = undefined;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      entries.clear();
      queue.clear();
    },
  };
}
