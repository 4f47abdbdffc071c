/**
 * The core's environment schema: every variable the core reads, with its parser and default (each
 * adapter declares its own variables: adapters/<platform>/config.ts). Only load-config.ts applies
 * it to process.env; this module holds the shapes and the parsers parts share.
 */
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const BACKENDS = ['chat', 'messages', 'responses'] as const;
const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
export const text = z.string();
export const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number (got a non-number)`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
export const bool = z.string().transform((value, ctx) => {
  const word = value.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (!FALSE_WORDS.includes(word)) ctx.addIssue({ code: 'custom', message: `"${value}" is not a boolean` });
  return false;
});
export const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);
const hostList = list.pipe(
  z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'must list bare host names such as files.example.com')),
);
const usdAmount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be an amount in US dollars such as 2.50')
  .transform(Number)
  .pipe(z.number().positive('must be more than 0'));
const KINDS = [
  'chat',
  'messages',
  'responses',
  'embeddings',
  'rerank',
  'speech',
  'transcription',
  'video',
  'default',
];
const ceilings = list.transform((items, ctx) => {
  const out: Record<string, number> = {};
  for (const item of items) {
    const [kind, amount] = item.split('=').map((part) => part.trim());
    const usd = Number(amount);
    if (!kind || !KINDS.includes(kind) || !(usd > 0))
      ctx.addIssue({
        code: 'custom',
        message: `"${item}" is not kind=usd with kind one of ${KINDS.join(', ')}`,
      });
    else out[kind] = usd;
  }
  return out;
});

export const coreShape = {
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
  INSTANCE_COUNT: int(1, 100).default(1),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  STATE_TIMEOUT_MS: int(50).default(5_000),
  STATE_COMMIT_INTERVAL_MS: int(0, 5_000).default(250),
  STARTUP_ATTEMPTS: int(1, 20).default(5),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  STREAM_EDIT_INTERVAL_MS: int(100).default(1000),
  ADMIN_USER_IDS: list.default([]),
  EXPENSIVE_PER_HOUR: int(0, 10_000).default(10),
  BUDGET_CEILINGS_USD: ceilings.optional(),
  BOT_FORCE_ZDR: bool.default(false),
  BOT_MODELS: list.default([]),
  DM_ENABLED: bool.default(true),
  DM_COMMANDS: list.default([]),
  DM_FORCE_ZDR: bool.default(false),
  DM_MODELS: list.default([]),
  DM_USER_DAY_USD: usdAmount.optional(),
  DM_USER_MONTH_USD: usdAmount.optional(),
  DOWNLOAD_ALLOWED_HOSTS: hostList.default([]),
  MAX_ATTACHMENT_BYTES: int(1).default(25 * 1024 * 1024),
  DOWNLOAD_STALL_TIMEOUT_MS: int(100).default(30_000),
  DOWNLOAD_DEADLINE_MS: int(100).default(180_000),
  CHAT_IMAGE_BYTES_PER_MESSAGE: int(64 * 1024).default(6 * 1024 * 1024),
  CHAT_IMAGE_BYTES_PER_REQUEST: int(64 * 1024).default(12 * 1024 * 1024),
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
  IMAGE_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('google/gemini-2.5-flash-image'),
  VIDEO_MODEL: z.string().regex(/^\S+$/, 'must be a model slug without spaces').default('google/veo-3.1'),
  VIDEO_POLL_MIN_MS: int(10).default(5_000),
  VIDEO_POLL_MAX_MS: int(10).default(30_000),
  VIDEO_MAX_CONCURRENT_POLLS: int(1, 100).default(8),
  VIDEO_LEASE_MS: int(1_000).default(30_000),
  EMBEDDING_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('openai/text-embedding-3-small'),
  RERANK_MODEL: z
    .string()
    .regex(/^\S+$/, 'must be a model slug without spaces')
    .default('cohere/rerank-v3.5'),
  OPS_PORT: int(0, 65_535).optional(),
  OPS_HOST: z
    .union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address' })
    .default('0.0.0.0'),
  SHUTDOWN_TIMEOUT_MS: int(100, 10 * 60_000).default(20_000),
};
export const envSchema = z.object(coreShape);

export type Env = z.output<typeof envSchema>;
export type ConfigKey = keyof z.input<typeof envSchema>;

/** Every variable the core reads, in schema order (adapters/config.ts lists them with the adapters'). */
export const CONFIG_KEYS = Object.keys(envSchema.shape) as ConfigKey[];
