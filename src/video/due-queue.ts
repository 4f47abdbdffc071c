/** The poller's schedule: job entries in a binary min-heap on their due time. */

export interface DueEntry {
  id: string;
  due: number;
  attempt: number;
  running: boolean;
}

/**
 * A binary min-heap on `due`, ties in queue order. Items are never removed from the middle: the
 * poller skips stale ones (entry replaced, removed or re-timed) when they reach the top.
 */
export function createDueQueue() {
  const heap: Array<{ due: number; seq: number; entry: DueEntry }> = [];
  let seq = 0;
  // ties go first-in first-out, so equal due times are served in the order they were queued
  const less = (a: number, b: number) =>
    heap[a]!.due < heap[b]!.due || (heap[a]!.due === heap[b]!.due && heap[a]!.seq < heap[b]!.seq);
  const swap = (a: number, b: number) => {
    [heap[a], heap[b]] = [heap[b]!, heap[a]!];
  };
  return {
    push(entry: DueEntry) {
      heap.push({ due: entry.due, seq: seq++, entry });
      for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    },
    peek: () => heap[0],
    pop() {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length > 0 && last) {
        heap[0] = last;
        for (let i = 0; ; ) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(l, m)) m = l;
          if (r < heap.length && less(r, m)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    clear() {
      heap.length = 0;
    },
  };
}
