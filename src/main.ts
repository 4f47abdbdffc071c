/**
 * Composition root: config → logger → state → (OpenRouter client → registry → adapters, as they land); graceful stop.
 * Loads `.env` from the working directory when present. The only place that wires concrete implementations.
 */
import { existsSync } from 'node:fs';
import { ConfigError, configSecrets, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createStateStore } from './state/create-state-store.js';

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `${err.message}\nCopy .env.example to .env and fill it in, then run npm start again.\n`,
      );
      return 1;
    }
    throw err;
  }
  const logger = createLogger({ level: config.log.level, secrets: configSecrets(config) });
  const store = await createStateStore(config.state, {
    onError: (err) => logger.error({ err }, 'state store error'),
  });
  logger.info({ state: store.kind }, 'state store ready');

  const platforms = [config.discord && 'discord', config.slack && 'slack'].filter(Boolean);
  logger.warn(
    { platforms },
    'the OpenRouter client and the platform adapters are not wired in this build yet; nothing to serve',
  );
  await store.close();
  return 0;
}

process.on('unhandledRejection', (err) => {
  process.stderr.write(`unhandled rejection: ${err instanceof Error ? err.message : String(err)}\n`);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `Switchboard failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
