/**
 * The graceful drain, within one deadline: readiness goes to 503 and the gate closes at once (new
 * work is refused); running answers may finish until `timeoutMs - closeReserveMs`; those still
 * streaming are then interrupted (each gets its final edit, its text stays in the history); then
 * the closers run in order (adapters, app, ops endpoints, the store last). Resolves with the exit
 * code: 0 when everything closed in time.
 */
import type { Logger } from 'pino';
import type { Readiness } from './readiness.js';
import type { WorkGate } from './work-gate.js';

export interface Closer {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownConfig {
  timeoutMs: number;
  /** Time kept for interrupted answers' final edits and the closers (default a quarter, at most 5 s). */
  closeReserveMs?: number;
}

export interface ShutdownDeps {
  logger: Logger;
  readiness: Readiness;
  gate: WorkGate;
  /** Aborts every answer still streaming with the restart reason; returns how many. */
  interruptAnswers(): number;
  /** Run in order after the work drained; the store must be the last. */
  closers(): Closer[];
  now?: () => number;
}

const waitAtMost = (promise: Promise<unknown>, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

export async function drainAndClose(config: ShutdownConfig, deps: ShutdownDeps): Promise<number> {
  const now = deps.now ?? Date.now;
  const deadline = now() + config.timeoutMs;
  const reserve = config.closeReserveMs ?? Math.min(5_000, Math.floor(config.timeoutMs / 4));
  const { logger, gate } = deps;
  deps.readiness.beginShutdown();
  gate.close();
  logger.info({ running: gate.running, timeoutMs: config.timeoutMs }, 'shutdown: taking no new work');

  let drained = await waitAtMost(gate.idle(), deadline - reserve - now());
  if (!drained) {
    const interrupted = deps.interruptAnswers();
    logger.warn({ interrupted, running: gate.running }, 'shutdown: interrupting answers still streaming');
    drained = await waitAtMost(gate.idle(), deadline - reserve / 2 - now());
    if (!drained) logger.warn({ running: gate.running }, 'shutdown: work still running; closing anyway');
  }

  let failed = !drained;
  for (const closer of deps.closers()) {
    const closed = await waitAtMost(
      closer.close().catch((err: unknown) => {
        failed = true;
        logger.error({ err, part: closer.name }, 'shutdown: close failed');
      }),
      deadline - now(),
    );
    if (!closed) {
      logger.error({ part: closer.name }, 'shutdown: deadline passed while closing');
      return 1;
    }
    logger.info({ part: closer.name }, 'shutdown: closed');
  }
  logger.info({ clean: !failed }, 'shutdown complete');
  return 0;
}
