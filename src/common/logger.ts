/**
 * pino with two layers of secret protection, both applied to the serialized line (`hooks.streamWrite`),
 * so they cost one pass over the text instead of a walk over every object logged:
 *  1. every field whose name holds a secret (authorization headers, apiKey, token, botToken, appToken,
 *     signingSecret, password, cookie, redisUrl …), at any depth, has its string value replaced;
 *  2. every configured secret value is replaced wherever it ended up: messages, error messages, stacks,
 *     causes, URLs; and anything shaped like a known secret (redact.ts).
 */

import type { DestinationStream, Level, Logger as PinoLogger } from 'pino';
import pino from 'pino';
import { redactSecrets } from './redact.js';

export type Logger = PinoLogger;

export const REDACTED = '[Redacted]';
/** Secret values shorter than this are not scrubbed by value (too likely to mangle ordinary text). */
export const MIN_SECRET_LENGTH = 6;

/** Field names whose values are secrets (matched in any letter case, at any depth). */
const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
  'apiKey',
  'api_key',
  'token',
  'botToken',
  'appToken',
  'accessToken',
  'access_token',
  'refreshToken',
  'signingSecret',
  'clientSecret',
  'secret',
  'password',
  'redisUrl',
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const JSON_STRING = '"(?:[^"\\\\]|\\\\.)*"';
/** `"<secret key>":` followed by a JSON string or an array of strings, in a serialized line. */
const SECRET_FIELD = new RegExp(
  `"(${SECRET_KEYS.map(escapeRegExp).join('|')})":(${JSON_STRING}|\\[(?:${JSON_STRING},?)*\\])`,
  'gi',
);

/** Replaces the value of every secret-named field in a JSON line. */
export function redactSecretFields(line: string): string {
  return line.replace(SECRET_FIELD, `"$1":"${REDACTED}"`);
}

/** Builds the value scrubber: raw and JSON-escaped forms of each secret, longest first. */
export function createSecretScrubber(secrets: readonly string[]): (line: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return (line) => redactSecrets(redactSecretFields(line));
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (line) => redactSecrets(redactSecretFields(line.replace(pattern, REDACTED)));
}

export interface LoggerOptions {
  level: Level | 'silent';
  /** Where lines go (default stdout). Tests pass a capturing stream. */
  destination?: DestinationStream;
  /** Secret values to scrub from every line (see configSecrets in config.ts). */
  secrets?: readonly string[];
  /** Extra fields on every line. */
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = createSecretScrubber(options.secrets ?? []);
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: options.base ?? {},
    serializers: { err: pino.stdSerializers.errWithCause, error: pino.stdSerializers.errWithCause },
    hooks: { streamWrite: scrub },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
