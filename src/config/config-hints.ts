/** Fix-it hints for each variable and the rules that tie platform variables together. */
import type { ConfigKey, Env } from './config-schema.js';

const MS_HINT = 'Give milliseconds as digits only, e.g. 30000, or leave it unset for the default';
const URL_HINT = 'Give a full URL such as https://example.com/api, or leave it unset for the default';
export const HINTS: Partial<Record<ConfigKey, string>> = {
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
  INSTANCE_COUNT:
    'Give the number of bot processes sharing this bot and REDIS_URL, e.g. INSTANCE_COUNT=3 (default 1)',
  REDIS_URL: 'Use a URL such as redis://127.0.0.1:6379, or leave it unset to use SQLite in DATA_DIR',
  LOG_LEVEL: 'Use info in production, debug while developing',
  EXPENSIVE_PER_HOUR:
    'Give a whole number of speech/video commands per user per hour, e.g. 10 (0 = no limit)',
  STREAM_EDIT_INTERVAL_MS: 'Slack allows about one edit per second per message; 1000 is a safe value',
  DISCORD_APPLICATION_ID: 'Copy the Application ID from the Discord developer portal (General Information)',
  DISCORD_GUILD_ID: 'Enable developer mode, right-click your server and choose Copy Server ID',
  DISCORD_API_URL: URL_HINT,
  DISCORD_SHARD_COUNT: 'Give the total number of shards across all instances, e.g. DISCORD_SHARD_COUNT=4',
  DISCORD_SHARD_IDS: 'List the shards this instance runs, comma-separated, e.g. DISCORD_SHARD_IDS=0,1',
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
  VIDEO_LEASE_MS: 'Give milliseconds as digits, at least 1000, e.g. VIDEO_LEASE_MS=30000',
  EMBEDDING_MODEL: 'Use an embedding model slug, e.g. EMBEDDING_MODEL=openai/text-embedding-3-small',
  RERANK_MODEL: 'Use a rerank model slug, e.g. RERANK_MODEL=cohere/rerank-v3.5',
};

export type GroupRule = { key: ConfigKey; when: (env: Partial<Env>) => boolean; message: string };
export const GROUP_RULES: GroupRule[] = [
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
    key: 'DISCORD_SHARD_COUNT',
    when: (env) => !!env.DISCORD_SHARD_IDS && !env.DISCORD_SHARD_COUNT,
    message: 'is required with DISCORD_SHARD_IDS (the total number of shards across every instance)',
  },
  {
    key: 'DISCORD_SHARD_IDS',
    when: (env) =>
      !!env.DISCORD_SHARD_IDS?.some((id) => id >= (env.DISCORD_SHARD_COUNT ?? Number.POSITIVE_INFINITY)),
    message: 'lists a shard number at or above DISCORD_SHARD_COUNT (shards are numbered from 0)',
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
