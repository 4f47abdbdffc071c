/**
 * Configuration: the ONLY module that reads process.env. One zod schema over the raw variables,
 * then a mapping into nested typed objects. Every problem is reported at once, each with a fix-it hint.
 * Empty (or blank) values count as unset, so a copied .env.example with blank lines works.
 */
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const BACKENDS = ['chat', 'messages', 'responses'] as const;
const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const text = z.string();
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number (got a non-number)`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
const bool = z.string().transform((value, ctx) => {
  const word = value.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (!FALSE_WORDS.includes(word)) ctx.addIssue({ code: 'custom', message: `"${value}" is not a boolean` });
  return false;
});
const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);
const hostList = list.pipe(
  z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must list bare host names such as files.example.com')),
);
const digits = z.string().regex(/^\d+$/, 'must be a numeric Discord id (a snowflake)');

const envSchema = z.object({
  OPENROUTER_API_KEY: z.string({ error: 'is required' }),
  OPENROUTER_BASE_URL: httpUrl.default('https://openrouter.ai/api/v1'),
  OPENROUTER_APP_URL: httpUrl.optional(),
  OPENROUTER_APP_TITLE: text.default('Switchboard'),
  OPENROUTER_APP_CATEGORIES: list.default([]),
  OPENROUTER_TIMEOUT_CONNECT_MS: int(1).default(10_000),
  OPENROUTER_TIMEOUT_FIRST_BYTE_MS: int(1).default(120_000),
  OPENROUTER_TIMEOUT_IDLE_MS: int(1).default(60_000),
  OPENROUTER_MAX_RETRIES: int(0, 10).default(2),
  DEFAULT_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('openai/gpt-4o-mini'),
  DEFAULT_BACKEND: z.enum(BACKENDS, { error: `must be one of ${BACKENDS.join(', ')}` }).default('chat'),
  SYSTEM_PROMPT: text.optional(),
  FALLBACK_MODELS: list.default([]),
  DATA_DIR: text.default('./data'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  STREAM_EDIT_INTERVAL_MS: int(100).default(1000),
  ADMIN_USER_IDS: list.default([]),
  EXPENSIVE_PER_HOUR: int(0, 10_000).default(10),
  DISCORD_TOKEN: text.optional(),
  DISCORD_APPLICATION_ID: digits.optional(),
  DISCORD_GUILD_ID: digits.optional(),
  DISCORD_API_URL: httpUrl.default('https://discord.com/api'),
  SLACK_BOT_TOKEN: text.optional(),
  SLACK_SIGNING_SECRET: text.optional(),
  SLACK_APP_TOKEN: text.optional(),
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  SLACK_PORT: int(0, 65_535).default(3000),
  SLACK_STREAMING: z.enum(['native', 'update'], { error: 'must be native or update' }).default('native'),
  DOWNLOAD_ALLOWED_HOSTS: hostList.default([]),
  MAX_ATTACHMENT_BYTES: int(1).default(25 * 1024 * 1024),
  TERMINAL: bool.default(false),
  STT_MODEL: z.string().regex(/^\S+$/, 'must be a model slug without spaces').default('openai/whisper-1'),
  TTS_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('openai/gpt-4o-mini-tts'),
  TTS_VOICES: list
    .pipe(z.array(z.string()).min(1, 'must name at least one voice'))
    .default(['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer']),
  MAX_AUDIO_BYTES: int(1).default(25 * 1024 * 1024),
  MAX_AUDIO_SECONDS: int(1).default(15 * 60),
  FFMPEG_PATH: text.default('ffmpeg'),
  VIDEO_MODEL: z.string().regex(/^\S+$/, 'must be a model slug without spaces').default('google/veo-3.1'),
  VIDEO_POLL_MIN_MS: int(10).default(5_000),
  VIDEO_POLL_MAX_MS: int(10).default(30_000),
  VIDEO_MAX_CONCURRENT_POLLS: int(1, 100).default(8),
  EMBEDDING_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('openai/text-embedding-3-small'),
  RERANK_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('cohere/rerank-v3.5'),
});

type Env = z.output<typeof envSchema>;
export type ConfigKey = keyof z.input<typeof envSchema>;

/** Every variable the schema knows, in schema order (the .env.example parity test uses it). */
export const CONFIG_KEYS = Object.keys(envSchema.shape) as ConfigKey[];

const MS_HINT = 'Give milliseconds as digits only, e.g. 30000, or leave it unset for the default';
const URL_HINT = 'Give a full URL such as https://example.com/api, or leave it unset for the default';
const HINTS: Partial<Record<ConfigKey, string>> = {
  OPENROUTER_API_KEY:
    'Create a key at https://openrouter.ai/settings/keys and set OPENROUTER_API_KEY=sk-or-v1-…',
  OPENROUTER_BASE_URL: 'Leave it unset for https://openrouter.ai/api/v1',
  OPENROUTER_APP_URL: 'Set your project page, e.g. OPENROUTER_APP_URL=https://github.com/you/switchboard',
  OPENROUTER_TIMEOUT_CONNECT_MS: MS_HINT,
  OPENROUTER_TIMEOUT_FIRST_BYTE_MS: MS_HINT,
  OPENROUTER_TIMEOUT_IDLE_MS: MS_HINT,
  OPENROUTER_MAX_RETRIES: 'Use a small whole number such as 2 (0 disables retries)',
  DEFAULT_MODEL: 'Use an OpenRouter model slug such as openai/gpt-4o-mini',
  DEFAULT_BACKEND: 'Use chat (Chat Completions) unless you need messages (Anthropic) or responses',
  REDIS_URL: 'Use a URL such as redis://127.0.0.1:6379, or leave it unset to use SQLite in DATA_DIR',
  LOG_LEVEL: 'Use info in production, debug while developing',
  EXPENSIVE_PER_HOUR:
    'Give a whole number of speech/video commands per user per hour, e.g. 10 (0 = no limit)',
  STREAM_EDIT_INTERVAL_MS: 'Slack allows about one edit per second per message; 1000 is a safe value',
  DISCORD_APPLICATION_ID: 'Copy the Application ID from the Discord developer portal (General Information)',
  DISCORD_GUILD_ID: 'Enable developer mode, right-click your server and choose Copy Server ID',
  DISCORD_API_URL: URL_HINT,
  SLACK_API_URL: URL_HINT,
  SLACK_PORT: 'Pick a free TCP port, e.g. SLACK_PORT=3000',
  SLACK_STREAMING:
    'Use SLACK_STREAMING=native (Slack text streaming) or SLACK_STREAMING=update (post, then chat.update)',
  DOWNLOAD_ALLOWED_HOSTS:
    'List host names only, e.g. DOWNLOAD_ALLOWED_HOSTS=files.example.com,cdn.example.org',
  MAX_ATTACHMENT_BYTES: 'Give a byte count as digits, e.g. 26214400 for 25 MiB',
  TERMINAL: 'Use true/false, yes/no, on/off or 1/0',
  STT_MODEL: 'Use a speech-to-text model slug, e.g. STT_MODEL=openai/whisper-1',
  TTS_MODEL: 'Use a text-to-speech model slug, e.g. TTS_MODEL=openai/gpt-4o-mini-tts',
  TTS_VOICES: 'List voice names, comma-separated, the default first, e.g. TTS_VOICES=alloy,nova',
  MAX_AUDIO_BYTES: 'Give a byte count as digits, e.g. 26214400 for 25 MiB',
  MAX_AUDIO_SECONDS: 'Give whole seconds, e.g. MAX_AUDIO_SECONDS=900',
  FFMPEG_PATH: 'Give the ffmpeg binary name or path, e.g. FFMPEG_PATH=/usr/bin/ffmpeg',
  VIDEO_MODEL: 'Use a video model slug from /video models, e.g. VIDEO_MODEL=google/veo-3.1',
  VIDEO_POLL_MIN_MS: MS_HINT,
  VIDEO_POLL_MAX_MS: MS_HINT,
  VIDEO_MAX_CONCURRENT_POLLS: 'Give a small whole number, e.g. VIDEO_MAX_CONCURRENT_POLLS=8',
  EMBEDDING_MODEL: 'Use an embedding model slug, e.g. EMBEDDING_MODEL=openai/text-embedding-3-small',
  RERANK_MODEL: 'Use a rerank model slug, e.g. RERANK_MODEL=cohere/rerank-v3.5',
};

type GroupRule = { key: ConfigKey; when: (env: Partial<Env>) => boolean; message: string };
const GROUP_RULES: GroupRule[] = [
  {
    key: 'DISCORD_APPLICATION_ID',
    when: (env) => !!env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID,
    message:
      'is required when DISCORD_TOKEN is set. Copy it from the Discord developer portal (General Information → Application ID)',
  },
  {
    key: 'DISCORD_TOKEN',
    when: (env) => !env.DISCORD_TOKEN && !!(env.DISCORD_APPLICATION_ID || env.DISCORD_GUILD_ID),
    message:
      'is missing while other DISCORD_* ids are set. Set the bot token (developer portal → Bot → Reset Token) or remove the DISCORD_* ids',
  },
  {
    key: 'SLACK_SIGNING_SECRET',
    when: (env) => !!env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET,
    message:
      'is required for Slack over HTTP. Copy it from api.slack.com/apps → Basic Information, or set SLACK_APP_TOKEN (xapp-…) to use Socket Mode instead',
  },
  {
    key: 'SLACK_BOT_TOKEN',
    when: (env) => !env.SLACK_BOT_TOKEN && !!(env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET),
    message:
      'is missing while other SLACK_* secrets are set. Install the app and copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions',
  },
  {
    key: 'VIDEO_POLL_MAX_MS',
    when: (env) => (env.VIDEO_POLL_MAX_MS ?? 30_000) < (env.VIDEO_POLL_MIN_MS ?? 5_000),
    message: 'must be at least VIDEO_POLL_MIN_MS (polling backs off from the minimum up to the maximum)',
  },
];

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
  discord?: { token: string; applicationId: string; guildId?: string; apiUrl: string };
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
  state: { dataDir: string; redisUrl?: string };
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
    /** Status requests in flight at once, across all jobs. */
    maxConcurrentPolls: number;
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
    state: { dataDir: env.DATA_DIR, redisUrl: env.REDIS_URL },
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
