/**
 * Writes grouped into batches: every put and remove made while a batch is open goes to the store in one
 * multi-row statement (the last operation on a key wins), and each caller's promise settles when its
 * batch is committed. A batch starts at the end of the event-loop turn in which a `soon` write joined it;
 * one holding only other writes waits, with an interval, until that long after the previous batch started
 * (group commit: they ride along with the next urgent batch, or go once per interval). Batches run one
 * after another, which keeps the order of operations on any key.
 */

export interface BatchTarget {
  /** Upsert every [rawKey, serialized] row at once. */
  writeMany(rows: Array<[string, string]>): Promise<void>;
  deleteMany(rawKeys: string[]): Promise<void>;
}

type Op = { kind: 'put'; serialized: string } | { kind: 'remove' };

export interface WriteBehind {
  /** `soon` (default): the batch starts at the end of this turn; otherwise it may wait for the interval. */
  put(rawKey: string, serialized: string, soon?: boolean): Promise<void>;
  remove(rawKey: string, soon?: boolean): Promise<void>;
  /** The operation on the key not yet committed, if any. */
  pending(rawKey: string): Op | undefined;
  /** Starts a batch held back by the interval; resolves once everything queued so far is committed (or failed). */
  drain(): Promise<void>;
}

interface Batch {
  ops: Map<string, Op>;
  done: Promise<void>;
  /** Starts the batch now (drain). */
  start(): void;
  /** Starts it at the end of this event-loop turn. */
  soon(): void;
}

export interface WriteBehindOptions {
  /** Least time between the starts of two batches, ms (0: every event-loop turn). */
  intervalMs?: number;
}

function split(ops: Map<string, Op>) {
  const rows: Array<[string, string]> = [];
  const removed: string[] = [];
  for (const [rawKey, op] of ops) {
    if (op.kind === 'put') rows.push([rawKey, op.serialized]);
    else removed.push(rawKey);
  }
  return { rows, removed };
}

/**
 * When a batch starts: at the end of the turn (`soon`, or when nothing held it back), after `waitMs`
 * otherwise; `start` starts it at once. Whichever comes first wins, the others do nothing.
 */
function startGate(waitMs: number, soon: boolean, onStart: () => void) {
  let begun = false;
  let immediate = false;
  let held: ReturnType<typeof setTimeout> | undefined;
  let release!: () => void;
  const started = new Promise<void>((resolve) => {
    release = resolve;
  });
  const start = () => {
    if (begun) return;
    begun = true;
    clearTimeout(held);
    onStart();
    release();
  };
  const atTurnEnd = () => {
    if (immediate) return;
    immediate = true;
    setImmediate(start);
  };
  if (soon || waitMs <= 0) atTurnEnd();
  else held = setTimeout(start, waitMs);
  return { started, start, soon: atTurnEnd };
}

export function createWriteBehind(
  target: BatchTarget,
  onFailed?: (rawKeys: string[], err: unknown) => void,
  options: WriteBehindOptions = {},
): WriteBehind {
  const intervalMs = options.intervalMs ?? 0;
  let lastStart = Number.NEGATIVE_INFINITY;
  let open: Batch | undefined;
  let flushing: Map<string, Op> | undefined;
  let tail: Promise<void> = Promise.resolve();

  const commit = async (ops: Map<string, Op>) => {
    flushing = ops;
    const { rows, removed } = split(ops);
    try {
      if (rows.length) await target.writeMany(rows);
      if (removed.length) await target.deleteMany(removed);
    } catch (err) {
      onFailed?.([...ops.keys()], err);
      throw err;
    } finally {
      flushing = undefined;
    }
  };

  const batch = (soon: boolean): Batch => {
    if (open) {
      if (soon) open.soon();
      return open;
    }
    const ops = new Map<string, Op>();
    const gate = startGate(lastStart + intervalMs - Date.now(), soon, () => {
      lastStart = Date.now();
    });
    const previous = tail;
    const done = Promise.all([previous.catch(() => undefined), gate.started]).then(() => {
      if (open?.ops === ops) open = undefined;
      return commit(ops);
    });
    tail = done.catch(() => undefined);
    open = { ops, done, start: gate.start, soon: gate.soon };
    return open;
  };

  const enqueue = (rawKey: string, op: Op, soon: boolean) => {
    const b = batch(soon);
    b.ops.delete(rawKey); // re-insert: the last operation wins
    b.ops.set(rawKey, op);
    return b.done;
  };

  return {
    put: (rawKey, serialized, soon = true) => enqueue(rawKey, { kind: 'put', serialized }, soon),
    remove: (rawKey, soon = true) => enqueue(rawKey, { kind: 'remove' }, soon),
    pending: (rawKey) => open?.ops.get(rawKey) ?? flushing?.get(rawKey),
    drain: () => {
      open?.start(); // a batch held back by the interval goes now
      return tail;
    },
  };
}
