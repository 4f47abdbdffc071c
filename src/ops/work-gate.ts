/**
 * Whether new work is taken, and how much is still running: the dispatcher enters before every
 * invocation and leaves after it; shutdown closes the gate (new work is refused with a clear
 * message) and waits until what is running has finished.
 */
export interface WorkGate {
  /** False once closed: the caller must refuse the work. */
  enter(): boolean;
  leave(): void;
  close(): void;
  readonly open: boolean;
  readonly running: number;
  /** Resolves when nothing is running (at once when idle). */
  idle(): Promise<void>;
}

export function createWorkGate(): WorkGate {
  let open = true;
  let running = 0;
  const waiters = new Set<() => void>();
  return {
    enter() {
      if (!open) return false;
      running += 1;
      return true;
    },
    leave() {
      running = Math.max(0, running - 1);
      if (running > 0) return;
      const woken = [...waiters];
      waiters.clear();
      for (const wake of woken) wake();
    },
    close() {
      open = false;
    },
    get open() {
      return open;
    },
    get running() {
      return running;
    },
    idle() {
      if (running === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.add(resolve));
    },
  };
}
