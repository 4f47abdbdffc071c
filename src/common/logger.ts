/**
 * pino with two layers of secret protection:
 *  1. `redact` paths for every field name that holds a secret (headers in common casings, apiKey,
 *     token, botToken, appToken, signingSecret, password, cookie …) at the top level and up to
 *     three levels deep (`*.headers.authorization`, `config.slack.botToken`, …);
 *  2. a last-line value scrubber (`hooks.streamWrite`) that replaces every configured secret value
 *     wherever it ended up in the serialized line: messages, error messages, stacks, causes, URLs.
 */

import type { DestinationStream, Level, Logger as PinoLogger } from 'pino';
import pino from 'pino';
import { redactSecrets } from './redact.js';

export type Logger = PinoLogger;

export const REDACTED = '[Redacted]';
/** Secret values shorter than this are not scrubbed by value (too likely to mangle ordinary text). */
export const MIN_SECRET_LENGTH = 6;

const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'AUTHORIZATION',
  'proxy-authorization',
  'Proxy-Authorization',
  'x-api-key',
  'X-Api-Key',
  'X-API-Key',
  'cookie',
  'Cookie',
  'set-cookie',
  'Set-Cookie',
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
];

function keyPath(prefix: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  if (prefix === '') return segment.startsWith('[') ? key : segment;
  return segment.startsWith('[') ? `${prefix.slice(0, -1)}${segment}` : `${prefix}${segment}`;
}

/** Every redact path: each secret key at depth 0-3 (wildcards), plus the config's own secret fields. */
export const REDACT_PATHS: readonly string[] = [
  ...['', '*.', '*.*.', '*.*.*.'].flatMap((prefix) => SECRET_KEYS.map((key) => keyPath(prefix, key))),
  'config.openrouter.apiKey',
  'config.state.redisUrl',
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Builds the value scrubber: raw and JSON-escaped forms of each secret, longest first. */
export function createSecretScrubber(secrets: readonly string[]): (line: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return redactSecrets;
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (line) => redactSecrets(line.replace(pattern, REDACTED));
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
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { err: pino.stdSerializers.errWithCause, error: pino.stdSerializers.errWithCause },
    hooks: { streamWrite: scrub },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
