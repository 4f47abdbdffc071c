/**
 * Per-channel edit budget shared by every answer streaming in that channel (Discord allows about
 * 5 edits per 5 s per channel): `acquire` waits, first come first served, until an edit fits the
 * sliding window. Clock and sleep are injectable so tests never wait for real.
 */
export interface EditBudget {
  edits: number;
  windowMs: number;
}

export interface EditScheduler {
  acquire(channelId: string, budget: EditBudget, signal?: AbortSignal): Promise<void>;
  /** Takes a slot only if one is free right now (nobody waiting); never waits. */
  tryAcquire(channelId: string, budget: EditBudget): boolean;
  /** Buckets currently remembered (idle ones are forgotten once their window has passed). */
  readonly size: number;
}

export function createEditScheduler(
  deps: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): EditScheduler {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const channels = new Map<
    string,
    { stamps: number[]; tail: Promise<void>; waiting: number; windowMs: number }
  >();
  let calls = 0;
  /** Forgets idle buckets whose window has passed (every thread and private answer has one). */
  const sweep = () => {
    const t = now();
    for (const [id, ch] of channels)
      if (ch.waiting === 0 && (ch.stamps.at(-1) ?? Number.NEGATIVE_INFINITY) <= t - ch.windowMs)
        channels.delete(id);
  };

  return {
    get size() {
      return channels.size;
    },
    tryAcquire(channelId, budget) {
      if (++calls % 256 === 0) sweep();
      let ch = channels.get(channelId);
      if (!ch) {
        ch = { stamps: [], tail: Promise.resolve(), waiting: 0, windowMs: budget.windowMs };
        channels.set(channelId, ch);
      }
      if (ch.waiting > 0) return false;
      const t = now();
      while (ch.stamps.length > 0 && (ch.stamps[0] as number) <= t - budget.windowMs) ch.stamps.shift();
      if (ch.stamps.length >= budget.edits) return false;
      ch.stamps.push(t);
      return true;
    },
    acquire(channelId, budget) {
      if (++calls % 256 === 0) sweep();
      let ch = channels.get(channelId);
      if (!ch) {
        ch = { stamps: [], tail: Promise.resolve(), waiting: 0, windowMs: budget.windowMs };
        channels.set(channelId, ch);
      }
      const channel = ch;
      channel.waiting += 1;
      const turn = channel.tail.then(async () => {
        for (;;) {
          const t = now();
          while (channel.stamps.length > 0 && (channel.stamps[0] as number) <= t - budget.windowMs)
            channel.stamps.shift();
          if (channel.stamps.length < budget.edits) {
            channel.stamps.push(t);
            return;
          }
          await sleep((channel.stamps[0] as number) + budget.windowMs - t + 1);
        }
      });
      channel.tail = turn.finally(() => {
        channel.waiting -= 1;
      });
      return turn;
    },
  };
}
