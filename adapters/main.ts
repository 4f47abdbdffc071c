/**
 * Composition root: config → logger → metrics → state → ops endpoints → core (client, registry,
 * dispatcher) → adapters; graceful drain on SIGTERM/SIGINT (src/ops/shutdown.ts). Loads `.env` from
 * the working directory when present. The only place that wires concrete implementations.
 */

import { existsSync } from 'node:fs';
import pino from 'pino';
import { createCommandRegistry } from '../commands/index.js';
import { createApp } from '../src/app/create-app.js';
import { HEARTBEAT_MS } from '../src/chat/answer-journal.js';
import { createLogger } from '../src/common/logger.js';
import { reasonOf, StartupError } from '../src/common/startup.js';
import { ConfigError } from '../src/config/load-config.js';
import { createMetrics, type Metrics } from '../src/ops/metrics.js';
import { startOpsServer } from '../src/ops/ops-server.js';
import { createReadiness, type Readiness } from '../src/ops/readiness.js';
import { type Closer, drainAndClose } from '../src/ops/shutdown.js';
import { createWorkGate } from '../src/ops/work-gate.js';
import { createStateStore } from '../src/state/create-state-store.js';
import { createLocalBus, createRedisBus } from '../src/state/message-bus.js';
import type { StateStore } from '../src/state/store.js';
import { type AppConfig, appConfigSecrets, loadAppConfig } from './config.js';
import { exitIfStuck, listenForStop, reportCrashes } from './lifecycle.js';
import { startTerminal } from './terminal/repl.js';

type Stopper = () => Promise<void>;
type Ops = { metrics: Metrics; readiness: Readiness };

let processLogger: ReturnType<typeof createLogger> | undefined;
const currentLogger = () => processLogger;
reportCrashes(currentLogger);
// listen for a stop request before anything starts, so one that arrives during start-up is kept
const stopRequested = listenForStop(currentLogger);

/** What every platform adapter is started with. */
function platformDeps(
  platform: string,
  config: AppConfig,
  app: ReturnType<typeof createApp>,
  store: StateStore,
  logger: ReturnType<typeof createLogger>,
  ops: Ops,
) {
  return {
    app,
    store,
    logger: logger.child({ platform }),
    adminUserIds: config.admin.userIds,
    editIntervalMs: config.chat.streamEditIntervalMs,
    instances: config.state.instances,
    allowedHosts: config.downloads.allowedHosts,
    downloadTimeouts: { stallMs: config.downloads.stallMs, deadlineMs: config.downloads.deadlineMs },
    startupAttempts: config.startup.attempts,
    metrics: ops.metrics,
  };
}

type Started = { connected(): boolean; stop(): Promise<void> };

/** Starts one platform when it is configured; readiness follows its connection from the start. */
async function startPlatform(
  platform: string,
  ops: Ops,
  start: (() => Promise<Started>) | undefined,
): Promise<Stopper | undefined> {
  if (!start) return undefined;
  let connected = () => false;
  ops.readiness.addPlatform(platform, () => connected());
  const bot = await start();
  connected = bot.connected;
  return () => bot.stop();
}

/** Discord and Slack, each started when it is configured (loaded only then). */
function startPlatforms(
  config: AppConfig,
  app: ReturnType<typeof createApp>,
  store: StateStore,
  logger: ReturnType<typeof createLogger>,
  ops: Ops,
) {
  const deps = (platform: string) => platformDeps(platform, config, app, store, logger, ops);
  const { discord, slack } = config;
  return {
    discord: () =>
      startPlatform(
        'discord',
        ops,
        discord && (async () => (await import('./discord/start.js')).startDiscord(discord, deps('discord'))),
      ),
    slack: () =>
      startPlatform(
        'slack',
        ops,
        slack && (async () => (await import('./slack/start.js')).startSlack(slack, deps('slack'))),
      ),
  };
}

/** With several instances, how often each looks for answers a gone instance left (its presence lives 15 s). */
const RECOVERY_PASS_MS = 15_000;

/**
 * Answers a crash cut off are finished once the platforms are connected: with one instance (SQLite,
 * memory) every entry left is from the dead process; with Redis the entries of instances whose
 * presence expired (a restarted one has a new id), looked for again every RECOVERY_PASS_MS since an
 * instance may die without restarting; each entry is claimed, so one instance finishes it.
 */
function recoverAnswers(
  app: ReturnType<typeof createApp>,
  store: StateStore,
  logger: ReturnType<typeof createLogger>,
) {
  const shared = store.kind === 'redis';
  const take = shared ? { staleAfterMs: 3 * HEARTBEAT_MS } : ('all' as const);
  // the first pass is always said; the repeated ones only when they found something
  const pass = (first = false) =>
    app
      .recoverAnswers(take)
      .then((n) =>
        logger[n > 0 || first ? 'info' : 'debug']({ recovered: n }, 'interrupted answers recovered'),
      )
      .catch((err: unknown) => logger.warn({ err }, 'could not recover interrupted answers'));
  void pass(true);
  const timer = shared ? setInterval(() => void pass(), RECOVERY_PASS_MS) : undefined;
  timer?.unref();
  return { stop: () => clearInterval(timer) };
}

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadAppConfig();
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
    secrets: appConfigSecrets(config),
    ...(terminalMode ? { destination: pino.destination(2) } : {}),
  });
  processLogger = logger;
  const metrics = createMetrics();
  const store = await createStateStore(config.state, {
    onError: (err) => {
      metrics.storeErrors.inc();
      logger.error({ err }, 'state store error');
    },
    startupAttempts: config.startup.attempts,
  });
  logger.info({ state: store.kind }, 'state store ready');
  const readiness = createReadiness({}, { store });
  const opsServer =
    config.ops.port === undefined
      ? undefined
      : await startOpsServer(
          { port: config.ops.port, host: config.ops.host },
          { metrics, readiness, logger },
        );
  const gate = createWorkGate();
  // with several instances, Stop and other signals between them go over Redis pub/sub
  const bus = config.state.redisUrl
    ? await createRedisBus(config.state.redisUrl, (err) => logger.error({ err }, 'message bus error'))
    : createLocalBus();
  const app = createApp(config, { registry: createCommandRegistry(), store, logger, metrics, gate, bus });
  const stoppers: Closer[] = [];
  const platforms = startPlatforms(config, app, store, logger, { metrics, readiness });
  const discord = await platforms.discord();
  if (discord) stoppers.push({ name: 'discord', close: discord });
  const slack = await platforms.slack();
  if (slack) stoppers.push({ name: 'slack', close: slack });

  const recovery = recoverAnswers(app, store, logger);

  // the platforms stay connected while answers finish and video deliveries in flight end (they post
  // there); the store closes last
  const closers = (): Closer[] => [
    {
      name: 'app',
      close: () => {
        recovery.stop();
        return app.close();
      },
    },
    ...stoppers,
    ...(opsServer ? [{ name: 'ops endpoints', close: () => opsServer.close() }] : []),
    // the message bus (Redis pub/sub between instances) goes with the store
    {
      name: 'state store',
      close: async () => {
        await bus.close();
        await store.close();
      },
    },
  ];
  const stop = () => {
    exitIfStuck(config.ops.shutdownTimeoutMs + 2_000, currentLogger);
    return drainAndClose(
      { timeoutMs: config.ops.shutdownTimeoutMs },
      { logger, readiness, gate, interruptAnswers: () => app.services.streams.interruptAll(), closers },
    );
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
    await Promise.race([terminal.closed, stopRequested]);
    return stop();
  }

  await stopRequested;
  return stop();
}

main().then(
  (code) => {
    process.exitCode = code;
    // output still queued is written first; a handle left open (stdin in the terminal) cannot hold the exit
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (err: unknown) => {
    // a start-up error names the variable to check and the fix: printed as text for the operator
    if (err instanceof StartupError) {
      process.stderr.write(`Switchboard failed to start: ${err.message}\n`);
      processLogger?.fatal({ code: err.code, variable: err.variable }, 'Switchboard failed to start');
    } else if (processLogger) processLogger.fatal({ err }, 'Switchboard failed to start');
    // through the redacting logger once there is one (a failed connection may quote a URL)
    else process.stderr.write(`Switchboard failed to start: ${reasonOf(err)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 1_000).unref();
  },
);
