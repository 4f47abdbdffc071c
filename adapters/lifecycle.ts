/**
 * Process lifecycle for the composition root: stop signals (the first starts the graceful drain,
 * a second exits at once) and crash reports that go through the redacting logger.
 */
import type { Logger } from 'pino';

type Signal = 'SIGINT' | 'SIGTERM';
const EXIT_CODES: Record<Signal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Resolves with the first SIGINT/SIGTERM; a second one exits the process at once. */
export function listenForStop(log: () => Logger | undefined): Promise<Signal> {
  let first: Signal | undefined;
  return new Promise<Signal>((resolve) => {
    const onSignal = (signal: Signal) => {
      if (first) {
        log()?.warn({ signal }, 'second stop signal: exiting now');
        process.exit(EXIT_CODES[signal]);
      }
      first = signal;
      log()?.info({ signal }, 'stop signal: draining');
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Unhandled rejections are logged (redacted) and the bot keeps running; an uncaught exception is
 * logged as fatal and the process exits with 1 (its state can no longer be trusted). Before the
 * logger exists, only the error's message goes to stderr.
 */
export function reportCrashes(log: () => Logger | undefined): void {
  const plain = (what: string, err: unknown) =>
    process.stderr.write(`${what}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.on('unhandledRejection', (err) => {
    const logger = log();
    if (logger) logger.error({ err }, 'unhandled rejection');
    else plain('unhandled rejection', err);
  });
  process.on('uncaughtException', (err) => {
    const logger = log();
    if (logger) {
      logger.fatal({ err }, 'uncaught exception: exiting');
      logger.flush?.();
    } else plain('uncaught exception', err);
    process.exit(1);
  });
}

/** Exits with 1 if the drain still runs `ms` after it began (never keeps the process alive itself). */
export function exitIfStuck(ms: number, log: () => Logger | undefined): void {
  const timer = setTimeout(() => {
    log()?.error({ ms }, 'shutdown took longer than its deadline: exiting');
    process.exit(1);
  }, ms);
  timer.unref();
}
