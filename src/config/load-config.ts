/**
 * Configuration: the ONLY module that reads process.env. One zod schema over the raw variables,
 * then a mapping into nested typed objects. Every problem is reported at once, each with a fix-it hint.
 * Empty (or blank) values count as unset, so a copied .env.example with blank lines works.
 */
import type { z } from 'zod';
import { GROUP_RULES, HINTS } from './config-hints.js';
import {
  type BACKENDS,
  CONFIG_KEYS,
  type ConfigKey,
  type Env,
  envSchema,
  type LOG_LEVELS,
} from './config-schema.js';

export { CONFIG_KEYS, type ConfigKey };

const schema = GROUP_RULES.reduce(
  (acc, rule) =>
    acc.refine((env) => !rule.when(env), { path: [rule.key], message: rule.message, when: () => true }),
  envSchema,
);

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
  };
  discord?: {
    token: string;
    applicationId: string;
    guildId?: string;
    apiUrl: string;
    /** Sharding (several instances on a large bot): the shards this instance runs, out of shardCount. */
    shards?: number[];
    shardCount?: number;
  };
  /** socketMode is true when appToken is set; signingSecret is then optional. */
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    socketMode: boolean;
    apiUrl: string;
    port: number;
    /** native: chat.startStream where the context allows it; update: post, then chat.update. */
    streaming: 'native' | 'update';
  };
  /** `instances`: processes sharing one bot through Redis; per-bot rate budgets are split between them. */
  state: { dataDir: string; redisUrl?: string; instances: number };
  log: { level: LogLevel };
  admin: { userIds: string[] };
  /** Team governance (budgets and permissions themselves are set per server with /config). */
  governance: { expensivePerHour: number };
  downloads: { allowedHosts: string[]; maxAttachmentBytes: number };
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

function normalize(env: NodeJS.ProcessEnv): Partial<Record<ConfigKey, string>> {
  const raw: Partial<Record<ConfigKey, string>> = {};
  for (const key of CONFIG_KEYS) {
    const value = env[key]?.trim();
    if (value) raw[key] = value;
  }
  return raw;
}

function describe(issue: z.core.$ZodIssue): string {
  const key = String(issue.path[0] ?? 'config') as ConfigKey;
  if (GROUP_RULES.some((rule) => rule.key === key && rule.message === issue.message)) {
    return `${key} ${issue.message}.`;
  }
  const hint = HINTS[key] ?? `See the comment for ${key} in .env.example`;
  return `${key} ${issue.message}. Fix: ${hint}.`;
}

/** Parse and validate the environment. Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(normalize(env));
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(describe));
  return toConfig(parsed.data);
}

function toConfig(env: Env): Config {
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, SLACK_BOT_TOKEN } = env;
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
    },
    discord:
      DISCORD_TOKEN && DISCORD_APPLICATION_ID
        ? {
            token: DISCORD_TOKEN,
            applicationId: DISCORD_APPLICATION_ID,
            guildId: env.DISCORD_GUILD_ID,
            apiUrl: env.DISCORD_API_URL,
            ...(env.DISCORD_SHARD_COUNT ? { shardCount: env.DISCORD_SHARD_COUNT } : {}),
            ...(env.DISCORD_SHARD_IDS ? { shards: env.DISCORD_SHARD_IDS } : {}),
          }
        : undefined,
    slack: SLACK_BOT_TOKEN
      ? {
          botToken: SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          socketMode: !!env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          port: env.SLACK_PORT,
          streaming: env.SLACK_STREAMING,
        }
      : undefined,
    state: { dataDir: env.DATA_DIR, redisUrl: env.REDIS_URL, instances: env.INSTANCE_COUNT },
    log: { level: env.LOG_LEVEL },
    admin: { userIds: env.ADMIN_USER_IDS },
    governance: { expensivePerHour: env.EXPENSIVE_PER_HOUR },
    downloads: { allowedHosts: env.DOWNLOAD_ALLOWED_HOSTS, maxAttachmentBytes: env.MAX_ATTACHMENT_BYTES },
    terminal: { force: env.TERMINAL },
    voice: {
      sttModel: env.STT_MODEL,
      ttsModel: env.TTS_MODEL,
      voices: env.TTS_VOICES,
      maxAudioBytes: env.MAX_AUDIO_BYTES,
      maxAudioSeconds: env.MAX_AUDIO_SECONDS,
      ffmpegPath: env.FFMPEG_PATH,
    },
    video: {
      defaultModel: env.VIDEO_MODEL,
      pollMinMs: env.VIDEO_POLL_MIN_MS,
      pollMaxMs: env.VIDEO_POLL_MAX_MS,
      maxConcurrentPolls: env.VIDEO_MAX_CONCURRENT_POLLS,
      leaseMs: env.VIDEO_LEASE_MS,
    },
    knowledge: { embeddingModel: env.EMBEDDING_MODEL, rerankModel: env.RERANK_MODEL },
  };
}

/** Every secret value in the config, for the logger's last-line value scrubber. */
export function configSecrets(config: Config): string[] {
  const values = [
    config.openrouter.apiKey,
    config.discord?.token,
    config.slack?.botToken,
    config.slack?.signingSecret,
    config.slack?.appToken,
    config.state.redisUrl ? redisPassword(config.state.redisUrl) : undefined,
  ];
  return values.filter((value): value is string => !!value);
}

function redisPassword(url: string): string | undefined {
  const password = decodeURIComponent(new URL(url).password);
  return password || undefined;
}
