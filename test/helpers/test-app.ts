/**
 * The core app as `npm start` builds it, for harnesses and benchmarks: configuration (core and
 * adapters, `loadAppConfig`) from the given environment only, a logger that writes into `logs` (debug) or nowhere, a memory store unless given.
 */
import pino, { type Logger } from 'pino';
import { type AppConfig, loadAppConfig } from '../../adapters/config.js';
import { createCommandRegistry } from '../../commands/index.js';
import { type App, createApp } from '../../src/app/create-app.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/store.js';

export interface TestApp {
  config: AppConfig;
  app: App;
  logger: Logger;
  store: StateStore;
}

export function createTestApp(
  env: Record<string, string>,
  opts: { store?: StateStore; logs?: string[]; now?: () => number } = {},
): TestApp {
  const config = loadAppConfig(env);
  const { logs } = opts;
  const logger = pino(
    { level: logs ? 'debug' : 'silent' },
    { write: (line: string) => void logs?.push(line) },
  );
  const store = opts.store ?? createMemoryStore();
  const app = createApp(config, {
    registry: createCommandRegistry(),
    store,
    logger,
    ...(opts.now ? { now: opts.now } : {}),
  });
  return { config, app, logger, store };
}
