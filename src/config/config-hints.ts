/** Fix-it hints for each core variable and the rules that tie variables together. */
import type { GroupRule } from './config-part.js';
import type { ConfigKey } from './config-schema.js';

const MS_HINT = 'Give milliseconds as digits only, e.g. 30000, or leave it unset for the default';
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
  STATE_TIMEOUT_MS: MS_HINT,
  STATE_COMMIT_INTERVAL_MS:
    'Give milliseconds from 0 to 5000 as digits only, e.g. 250, or leave it unset for the default',
  STARTUP_ATTEMPTS: 'Give a small whole number of tries, e.g. STARTUP_ATTEMPTS=5 (1 = no retry)',
  LOG_LEVEL: 'Use info in production, debug while developing',
  EXPENSIVE_PER_HOUR:
    'Give a whole number of speech/video commands per user per hour, e.g. 10 (0 = no limit)',
  BUDGET_CEILINGS_USD:
    'List kind=usd pairs, e.g. BUDGET_CEILINGS_USD=video=3,speech=0.10 (kinds: chat, messages, responses, embeddings, rerank, speech, transcription, video, default)',
  BOT_FORCE_ZDR: 'Use true/false: true forces zero-data-retention routing everywhere',
  BOT_MODELS: 'List model patterns, comma-separated, e.g. BOT_MODELS=openai/*,anthropic/*',
  DM_ENABLED: 'Use true/false: false refuses direct messages outside any server',
  DM_COMMANDS: 'List command names, comma-separated, e.g. DM_COMMANDS=chat,usage (empty = every command)',
  DM_FORCE_ZDR: 'Use true/false: true forces zero-data-retention routing in DMs',
  DM_MODELS: 'List model patterns, comma-separated, e.g. DM_MODELS=openai/gpt-4o-mini',
  DM_USER_DAY_USD: 'Give US dollars, e.g. DM_USER_DAY_USD=0.50, or leave it unset for no limit',
  DM_USER_MONTH_USD: 'Give US dollars, e.g. DM_USER_MONTH_USD=5, or leave it unset for no limit',
  STREAM_EDIT_INTERVAL_MS: 'Slack allows about one edit per second per message; 1000 is a safe value',
  DOWNLOAD_ALLOWED_HOSTS:
    'List host names only, e.g. DOWNLOAD_ALLOWED_HOSTS=files.example.com,cdn.example.org',
  MAX_ATTACHMENT_BYTES: 'Give a byte count as digits, e.g. 26214400 for 25 MiB',
  DOWNLOAD_STALL_TIMEOUT_MS: MS_HINT,
  DOWNLOAD_DEADLINE_MS: MS_HINT,
  CHAT_IMAGE_BYTES_PER_MESSAGE: 'Give a byte count as digits (at least 65536), e.g. 6291456 for 6 MiB',
  CHAT_IMAGE_BYTES_PER_REQUEST: 'Give a byte count as digits (at least 65536), e.g. 12582912 for 12 MiB',
  TERMINAL: 'Use true/false, yes/no, on/off or 1/0',
  STT_MODEL: 'Use a speech-to-text model slug, e.g. STT_MODEL=openai/whisper-1',
  TTS_MODEL: 'Use a text-to-speech model slug, e.g. TTS_MODEL=openai/gpt-4o-mini-tts',
  TTS_VOICES: 'List voice names, comma-separated, the default first, e.g. TTS_VOICES=alloy,nova',
  MAX_AUDIO_BYTES: 'Give a byte count as digits, e.g. 26214400 for 25 MiB',
  MAX_AUDIO_SECONDS: 'Give whole seconds, e.g. MAX_AUDIO_SECONDS=900',
  FFMPEG_PATH: 'Give the ffmpeg binary name or path, e.g. FFMPEG_PATH=/usr/bin/ffmpeg',
  IMAGE_MODEL: 'Use an image-output model slug, e.g. IMAGE_MODEL=google/gemini-2.5-flash-image',
  VIDEO_MODEL: 'Use a video model slug from /video models, e.g. VIDEO_MODEL=google/veo-3.1',
  VIDEO_POLL_MIN_MS: MS_HINT,
  VIDEO_POLL_MAX_MS: MS_HINT,
  VIDEO_MAX_CONCURRENT_POLLS: 'Give a small whole number, e.g. VIDEO_MAX_CONCURRENT_POLLS=8',
  VIDEO_LEASE_MS: 'Give milliseconds as digits, at least 1000, e.g. VIDEO_LEASE_MS=30000',
  EMBEDDING_MODEL: 'Use an embedding model slug, e.g. EMBEDDING_MODEL=openai/text-embedding-3-small',
  RERANK_MODEL: 'Use a rerank model slug, e.g. RERANK_MODEL=cohere/rerank-v3.5',
  OPS_PORT: 'Pick a free TCP port for /livez, /readyz and /metrics, e.g. OPS_PORT=9464, or leave it unset',
  OPS_HOST: 'Give an address such as 0.0.0.0 (all interfaces) or 127.0.0.1 (this machine only)',
  SHUTDOWN_TIMEOUT_MS: 'Give milliseconds as digits, e.g. 20000 (keep it under the 30 s Kubernetes grants)',
};

export const GROUP_RULES: GroupRule[] = [
  {
    key: 'VIDEO_POLL_MAX_MS',
    when: (env) => Number(env.VIDEO_POLL_MAX_MS ?? 30_000) < Number(env.VIDEO_POLL_MIN_MS ?? 5_000),
    message: 'must be at least VIDEO_POLL_MIN_MS (polling backs off from the minimum up to the maximum)',
  },
];
