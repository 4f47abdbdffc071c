/**
 * Composition root: config → logger → state → core (client, registry, dispatcher) → adapters; graceful stop.
 * Loads `.env` from the working directory when present. The only place that wires concrete implementations.
 */

import { existsSync } from 'node:fs';
import pino from 'pino';
import { createCommandRegistry } from '../commands/index.js';
import { createApp } from '../src/app/create-app.js';
import { type Config, ConfigError, configSecrets, loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/shared/logger.js';
import { createStateStore } from '../src/state/create-state-store.js';
import { createLocalBus, createRedisBus } from '../src/state/message-bus.js';
import type { StateStore } from '../src/state/store.js';
import { startTerminal } from './terminal/repl.js';

type Stopper = () => Promise<void>;

async function startDiscordIfConfigured(
  config: Config,
  app: ReturnType<typeof createApp>,
  store: StateStore,
  logger: ReturnType<typeof createLogger>,
): Promise<Stopper | undefined> {
  if (!config.discord) return undefined;
  const { startDiscord } = await import('./discord/start.js');
  const bot = await startDiscord(config.discord, {
    app,
    store,
    logger: logger.child({ platform: 'discord' }),
    adminUserIds: config.admin.userIds,
    editIntervalMs: config.chat.streamEditIntervalMs,
    instances: config.state.instances,
    allowedHosts: config.downloads.allowedHosts,
  });
  return () => bot.stop();
}

async function startSlackIfConfigured(
  config: Config,
  app: ReturnType<typeof createApp>,
  store: StateStore,
  logger: ReturnType<typeof createLogger>,
): Promise<Stopper | undefined> {
  if (!config.slack) return undefined;
  const { startSlack } = await import('./slack/start.js');
  const bot = await startSlack(config.slack, {
    app,
    store,
    logger: logger.child({ platform: 'slack' }),
    adminUserIds: config.admin.userIds,
    editIntervalMs: config.chat.streamEditIntervalMs,
    instances: config.state.instances,
    allowedHosts: config.downloads.allowedHosts,
  });
  return () => bot.stop();
}

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
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
  // in the terminal, logs go to stderr so they never land inside an answer (`2>bot.log` keeps them)
  const terminalMode = config.terminal.force || (!config.discord && !config.slack);
  const logger = createLogger({
    level: config.log.level,
    secrets: configSecrets(config),
    ...(terminalMode ? { destination: pino.destination(2) } : {}),
  });
  const store = await createStateStore(config.state, {
    onError: (err) => logger.error({ err }, 'state store error'),
  });
  logger.info({ state: store.kind }, 'state store ready');
  // listen for a stop request before anything starts, so one that arrives during start-up is kept
  const stopRequested = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const bus = config.state.redisUrl
    ? await createRedisBus(config.state.redisUrl, (err) => logger.error({ err }, 'message bus error'))
    : createLocalBus();
  const app = createApp(config, { registry: createCommandRegistry(), store, logger, bus });
  const stoppers: Stopper[] = [];
  const discord = await startDiscordIfConfigured(config, app, store, logger);
  if (discord) stoppers.push(discord);
  const slack = await startSlackIfConfigured(config, app, store, logger);
  if (slack) stoppers.push(slack);

  const stop = async () => {
    for (const s of stoppers) await s().catch((err: unknown) => logger.error({ err }, 'stop failed'));
    await app.close();
    await bus.close();
    await store.close();
  };

  if (stoppers.length === 0 || config.terminal.force) {
    if (!config.slack && !config.discord)
      logger.info('no Discord or Slack credentials: starting the terminal prompt');
    const terminal = startTerminal(
      {
        commands: app.registry.commands,
        dispatchCommand: (inv, raw, reply, signal) => app.dispatcher.dispatchCommand(inv, raw, reply, signal),
        async handleText(text, inv, reply, signal) {
          await app.dispatcher.dispatchCommand({ ...inv, command: 'chat' }, { prompt: text }, reply, signal);
        },
      },
      { input: process.stdin, output: process.stdout },
    );
    await terminal.closed;
    await stop();
    return 0;
  }

  await stopRequested;
  logger.info('stopping');
  await stop();
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
