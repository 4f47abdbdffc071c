/**
 * Writes grouped per event-loop turn: every put and remove made in one turn goes to the store in one
 * multi-row statement (the last operation on a key wins), and each caller's promise settles when its
 * batch is committed, so an awaited write is as durable as before. Batches run one after another,
 * which keeps the order of operations on any key.
 */

export interface BatchTarget {
  /** Upsert every [rawKey, serialized] row at once. */
  writeMany(rows: Array<[string, string]>): Promise<void>;
  deleteMany(rawKeys: string[]): Promise<void>;
}

type Op = { kind: 'put'; serialized: string } | { kind: 'remove' };

export interface WriteBehind {
  put(rawKey: string, serialized: string): Promise<void>;
  remove(rawKey: string): Promise<void>;
  /** The operation on the key not yet committed, if any. */
  pending(rawKey: string): Op | undefined;
  /** Resolves once everything queued so far is committed (or failed). */
  drain(): Promise<void>;
}

interface Batch {
  ops: Map<string, Op>;
  done: Promise<void>;
}

export function createWriteBehind(target: BatchTarget, onFailed?: (rawKeys: string[]) => void): WriteBehind {
  let open: (Batch & { start(): void }) | undefined;
  let flushing: Map<string, Op> | undefined;
  let tail: Promise<void> = Promise.resolve();

  const commit = async (ops: Map<string, Op>) => {
    flushing = ops;
    const rows: Array<[string, string]> = [];
    const removed: string[] = [];
    for (const [rawKey, op] of ops) {
      if (op.kind === 'put') rows.push([rawKey, op.serialized]);
      else removed.push(rawKey);
    }
    try {
      if (rows.length) await target.writeMany(rows);
      if (removed.length) await target.deleteMany(removed);
    } catch (err) {
      onFailed?.([...ops.keys()]);
      throw err;
    } finally {
      flushing = undefined;
    }
  };

  const batch = (): Batch => {
    if (open) return open;
    const ops = new Map<string, Op>();
    let start!: () => void;
    const started = new Promise<void>((resolve) => {
      start = resolve;
    });
    const previous = tail;
    const done = Promise.all([previous.catch(() => undefined), started]).then(() => {
      if (open?.ops === ops) open = undefined;
      return commit(ops);
    });
    tail = done.catch(() => undefined);
    open = { ops, done, start };
    setImmediate(start);
    return open;
  };

  const enqueue = (rawKey: string, op: Op) => {
    const b = batch();
    b.ops.delete(rawKey); // re-insert: the last operation wins
    b.ops.set(rawKey, op);
    return b.done;
  };

  return {
    put: (rawKey, serialized) => enqueue(rawKey, { kind: 'put', serialized }),
    remove: (rawKey) => enqueue(rawKey, { kind: 'remove' }),
    pending: (rawKey) => open?.ops.get(rawKey) ?? flushing?.get(rawKey),
    drain: () => tail,
  };
}
