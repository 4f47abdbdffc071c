/**
 * Configuration: the ONLY module that reads process.env. One zod schema over the raw variables (the
 * core's and those of the parts the composition root hands in: the adapters'), then a mapping into
 * nested typed objects. Every problem is reported at once, each with a fix-it hint. Empty (or blank)
 * values count as unset, so a copied .env.example with blank lines works.
 */
import { z } from 'zod';
import type { GovernanceConfig } from '../policy/governance.js';
import { DEFAULT_CEILINGS } from '../usage/estimate.js';
import { GROUP_RULES, HINTS } from './config-hints.js';
import type { ConfigParts, GroupRule, PartConfigs } from './config-part.js';
import {
  type BACKENDS,
  CONFIG_KEYS,
  type ConfigKey,
  coreShape,
  type Env,
  type LOG_LEVELS,
} from './config-schema.js';

export { CONFIG_KEYS, type ConfigKey };

export type LogLevel = (typeof LOG_LEVELS)[number];
export type Backend = (typeof BACKENDS)[number];

export interface Config {
  openrouter: {
    apiKey: string;
    baseUrl: string;
    appUrl?: string;
    appTitle: string;
    appCategories: string[];
    timeouts: { connectMs: number; firstByteMs: number; idleMs: number };
    maxRetries: number;
  };
  chat: {
    defaultModel: string;
    defaultBackend: Backend;
    systemPrompt?: string;
    fallbackModels: string[];
    streamEditIntervalMs: number;
    /** Bytes of prepared (downscaled) images one message / one request may carry. */
    imageBytesPerMessage: number;
    imageBytesPerRequest: number;
  };
  /**
   * timeoutMs: the longest a state read or write may take before the command fails with a clear message.
   * commitIntervalMs: SQLite group commit for writes that need not be durable (see STATE_COMMIT_INTERVAL_MS).
   * instances: processes sharing one bot through Redis; the bot-wide edit budgets are split between them.
   */
  state: {
    dataDir: string;
    redisUrl?: string;
    timeoutMs: number;
    commitIntervalMs: number;
    instances: number;
  };
  /** Tries to reach Redis and the chat platforms at start before giving up (backoff 0.5 s doubling). */
  startup: { attempts: number };
  log: { level: LogLevel };
  admin: { userIds: string[] };
  /** Team governance (budgets and permissions themselves are set per server with /config). */
  governance: GovernanceConfig;
  /** stallMs: no bytes for this long gives a download up; deadlineMs: the longest one may take. */
  downloads: { allowedHosts: string[]; maxAttachmentBytes: number; stallMs: number; deadlineMs: number };
  terminal: { force: boolean };
  voice: {
    sttModel: string;
    ttsModel: string;
    /** The first is the default voice. */
    voices: string[];
    maxAudioBytes: number;
    maxAudioSeconds: number;
    ffmpegPath: string;
  };
  /** /imagine: the image model used when none is named. */
  pictures: { defaultModel: string };
  video: {
    defaultModel: string;
    /** Polling backs off from pollMinMs to pollMaxMs (with jitter). */
    pollMinMs: number;
    pollMaxMs: number;
    /** Status requests in flight at once, across all jobs (and all instances, with Redis). */
    maxConcurrentPolls: number;
    /** How long a dead instance keeps the video job it was polling or posting (then another takes it). */
    leaseMs: number;
  };
  /** The team notebook (/kb): embedding and rerank models. */
  knowledge: { embeddingModel: string; rerankModel: string };
  /** Ops endpoints (off without a port) and the graceful-drain deadline. */
  ops: { port?: number; host: string; shutdownTimeoutMs: number };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function normalize(env: NodeJS.ProcessEnv, keys: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key]?.trim();
    if (value) raw[key] = value;
  }
  return raw;
}

function describer(hints: Partial<Record<string, string>>, rules: readonly GroupRule[]) {
  return (issue: z.core.$ZodIssue): string => {
    const key = String(issue.path[0] ?? 'config');
    if (rules.some((rule) => rule.key === key && rule.message === issue.message))
      return `${key} ${issue.message}.`;
    const hint = hints[key] ?? `See the comment for ${key} in .env.example`;
    return `${key} ${issue.message}. Fix: ${hint}.`;
  };
}

/** The core's variables and every part's, in order (for .env.example and docs/configuration.md). */
export function configKeysWith(parts: ConfigParts): string[] {
  return [...CONFIG_KEYS, ...Object.values(parts).flatMap((part) => Object.keys(part.shape))];
}

/**
 * Parse and validate the environment: the core's configuration plus each part's settings under its
 * name (absent when its variables are unset). Throws ConfigError listing every problem.
 */
export function loadConfigWith<P extends ConfigParts>(
  parts: P,
  env: NodeJS.ProcessEnv = process.env,
): Config & PartConfigs<P> {
  const list = Object.entries(parts);
  const rules = [...GROUP_RULES, ...list.flatMap(([, part]) => part.rules)];
  const hints = Object.assign({}, HINTS, ...list.map(([, part]) => part.hints));
  const schema = rules.reduce(
    (acc: z.ZodType<Record<string, unknown>>, rule) =>
      acc.refine((values) => !rule.when(values), {
        path: [rule.key],
        message: rule.message,
        when: () => true,
      }),
    z.object(Object.assign({}, coreShape, ...list.map(([, part]) => part.shape))),
  );
  const parsed = schema.safeParse(normalize(env, configKeysWith(parts)));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describer(hints, rules)));
  const core = toConfig(parsed.data as Env);
  const built = list.flatMap(([name, part]) => {
    if (name in core) throw new Error(`configuration part "${name}" is named like a core section`);
    const config = part.build(parsed.data);
    return config === undefined ? [] : [[name, config] as const];
  });
  return { ...core, ...Object.fromEntries(built) } as Config & PartConfigs<P>;
}

/** The core's configuration alone (no adapter variables). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfigWith({}, env);
}

function stateOf(env: Env): Config['state'] {
  return {
    dataDir: env.DATA_DIR,
    redisUrl: env.REDIS_URL,
    timeoutMs: env.STATE_TIMEOUT_MS,
    commitIntervalMs: env.STATE_COMMIT_INTERVAL_MS,
    instances: env.INSTANCE_COUNT,
  };
}

function toConfig(env: Env): Config {
  return {
    openrouter: {
      apiKey: env.OPENROUTER_API_KEY,
      baseUrl: env.OPENROUTER_BASE_URL,
      appUrl: env.OPENROUTER_APP_URL,
      appTitle: env.OPENROUTER_APP_TITLE,
      appCategories: env.OPENROUTER_APP_CATEGORIES,
      timeouts: {
        connectMs: env.OPENROUTER_TIMEOUT_CONNECT_MS,
        firstByteMs: env.OPENROUTER_TIMEOUT_FIRST_BYTE_MS,
        idleMs: env.OPENROUTER_TIMEOUT_IDLE_MS,
      },
      maxRetries: env.OPENROUTER_MAX_RETRIES,
    },
    chat: {
      defaultModel: env.DEFAULT_MODEL,
      defaultBackend: env.DEFAULT_BACKEND,
      systemPrompt: env.SYSTEM_PROMPT,
      fallbackModels: env.FALLBACK_MODELS,
      streamEditIntervalMs: env.STREAM_EDIT_INTERVAL_MS,
      imageBytesPerMessage: env.CHAT_IMAGE_BYTES_PER_MESSAGE,
      imageBytesPerRequest: env.CHAT_IMAGE_BYTES_PER_REQUEST,
    },
    state: stateOf(env),
    startup: { attempts: env.STARTUP_ATTEMPTS },
    log: { level: env.LOG_LEVEL },
    admin: { userIds: env.ADMIN_USER_IDS },
    governance: {
      expensivePerHour: env.EXPENSIVE_PER_HOUR,
      ceilings: { ...DEFAULT_CEILINGS, ...(env.BUDGET_CEILINGS_USD ?? {}) },
      bot: {
        forceZdr: env.BOT_FORCE_ZDR,
        models: env.BOT_MODELS,
        dm: {
          enabled: env.DM_ENABLED,
          commands: env.DM_COMMANDS,
          forceZdr: env.DM_FORCE_ZDR,
          models: env.DM_MODELS,
          ...(env.DM_USER_DAY_USD !== undefined ? { userDayUsd: env.DM_USER_DAY_USD } : {}),
          ...(env.DM_USER_MONTH_USD !== undefined ? { userMonthUsd: env.DM_USER_MONTH_USD } : {}),
        },
      },
    },
    downloads: {
      allowedHosts: env.DOWNLOAD_ALLOWED_HOSTS,
      maxAttachmentBytes: env.MAX_ATTACHMENT_BYTES,
      stallMs: env.DOWNLOAD_STALL_TIMEOUT_MS,
      deadlineMs: env.DOWNLOAD_DEADLINE_MS,
    },
    terminal: { force: env.TERMINAL },
    voice: {
      sttModel: env.STT_MODEL,
      ttsModel: env.TTS_MODEL,
      voices: env.TTS_VOICES,
      maxAudioBytes: env.MAX_AUDIO_BYTES,
      maxAudioSeconds: env.MAX_AUDIO_SECONDS,
      ffmpegPath: env.FFMPEG_PATH,
    },
    pictures: { defaultModel: env.IMAGE_MODEL },
    video: {
      defaultModel: env.VIDEO_MODEL,
      pollMinMs: env.VIDEO_POLL_MIN_MS,
      pollMaxMs: env.VIDEO_POLL_MAX_MS,
      maxConcurrentPolls: env.VIDEO_MAX_CONCURRENT_POLLS,
      leaseMs: env.VIDEO_LEASE_MS,
    },
    knowledge: { embeddingModel: env.EMBEDDING_MODEL, rerankModel: env.RERANK_MODEL },
    ops: {
      ...(env.OPS_PORT !== undefined ? { port: env.OPS_PORT } : {}),
      host: env.OPS_HOST,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    },
  };
}

/** Every secret value in the config (and its parts'), for the logger's last-line value scrubber. */
export function configSecrets<P extends ConfigParts>(config: Config & PartConfigs<P>, parts?: P): string[] {
  const values = [
    config.openrouter.apiKey,
    config.state.redisUrl ? redisPassword(config.state.redisUrl) : undefined,
    ...Object.entries(parts ?? {}).flatMap(([name, part]) => {
      const own = (config as Record<string, unknown>)[name];
      return own === undefined ? [] : part.secrets(own);
    }),
  ];
  return values.filter((value): value is string => !!value);
}

function redisPassword(url: string): string | undefined {
  const password = decodeURIComponent(new URL(url).password);
  return password || undefined;
}
