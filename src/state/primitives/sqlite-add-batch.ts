/**
 * Counter additions on SQLite, gathered per event-loop turn: every `add` made in one turn goes to the
 * file in one multi-row upsert at the end of the turn (one statement, so one transaction: all of them
 * move, or none does, and every caller of the batch sees the same outcome). Under a burst of answers
 * this is one thread-pool round trip for many spend records instead of one each. SQLite applies the
 * rows in order, so a key listed by two callers gets both additions.
 */
import { CELLS, PREFIX, type SqlQuery } from './backends.js';
import type { CounterKey } from './contract.js';

/** 3 bound values a row; SQLite allows 32,766 per statement (999 before 3.32): stay well under both. */
const MAX_ROWS = 300;

interface Batch {
  /** Three bound values a row: key, delta, expiry. */
  values: unknown[];
  done: Promise<void>;
}

const rowsOf = (batch: Batch) => batch.values.length / 3;

/** `upsert` is the ON CONFLICT clause (binds: now, now) that adds `excluded.n` to a live row. */
export function sqliteAddBatcher(query: SqlQuery, upsert: string) {
  let open: Batch | undefined;

  function startBatch(): Batch {
    let settle!: { resolve: () => void; reject: (err: unknown) => void };
    const done = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const batch: Batch = { values: [], done };
    setImmediate(() => {
      if (open === batch) open = undefined;
      const now = Date.now();
      const tuples = Array.from({ length: rowsOf(batch) }, () => '(?, ?, NULL, ?)').join(', ');
      query(`INSERT INTO ${CELLS} (key, n, owner, expires) VALUES ${tuples} ${upsert}`, [
        ...batch.values,
        now,
        now,
      ]).then(() => settle.resolve(), settle.reject);
    });
    return batch;
  }

  /** Queues the rows of one `add` (already checked) and settles when their batch is committed. */
  return function add(keys: readonly CounterKey[], delta: number): Promise<void> {
    if (!open || rowsOf(open) + keys.length > MAX_ROWS) open = startBatch();
    const now = Date.now();
    for (const { key, ttlMs } of keys)
      open.values.push(PREFIX.counter + key, delta, ttlMs === undefined ? null : now + Math.ceil(ttlMs));
    return open.done;
  };
}
