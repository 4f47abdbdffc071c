/**
 * Logging in to Discord at start: a rejected DISCORD_TOKEN exits with a fix-it message; an unreachable
 * Discord API is tried a few times, then the error names DISCORD_API_URL; a gateway that never gets
 * ready gives up after a deadline instead of hanging.
 */
import type { Client } from 'discord.js';
import type { Logger } from 'pino';
import { reasonOf, StartupError, withStartupRetries } from '../../src/common/startup.js';

export function isRejectedToken(err: unknown): boolean {
  const e = err as { code?: unknown; status?: unknown } | null;
  return e?.code === 'TokenInvalid' || e?.status === 401;
}

function tokenError(err: unknown): StartupError {
  return new StartupError(
    'STARTUP.DISCORD_TOKEN',
    'DISCORD_TOKEN',
    `Discord rejected DISCORD_TOKEN (${reasonOf(err)}).\nFix: copy a fresh bot token from the Discord developer portal (your application → Bot → Reset Token) into DISCORD_TOKEN, then start again.`,
    err,
  );
}

function unreachableError(apiUrl: string, attempts: number, err: unknown): StartupError {
  return new StartupError(
    'STARTUP.DISCORD_UNREACHABLE',
    'DISCORD_API_URL',
    `Cannot reach Discord at DISCORD_API_URL=${apiUrl} after ${attempts} tries (${reasonOf(err)}).\nFix: check the network or proxy between this machine and Discord, or correct DISCORD_API_URL (leave it unset for https://discord.com/api).`,
    err,
  );
}

export async function loginToDiscord(
  client: Client,
  settings: { token: string; apiUrl: string },
  opts: { attempts: number; logger: Logger; readyDeadlineMs?: number },
): Promise<void> {
  const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
  try {
    await withStartupRetries(() => client.login(settings.token), {
      attempts: opts.attempts,
      fatal: isRejectedToken,
      onRetry: (err, n, delayMs) =>
        opts.logger.warn(
          { attempt: n, delayMs, reason: reasonOf(err) },
          'Discord not reachable yet; retrying',
        ),
    });
  } catch (err) {
    throw isRejectedToken(err) ? tokenError(err) : unreachableError(settings.apiUrl, opts.attempts, err);
  }
  const deadlineMs = opts.readyDeadlineMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          unreachableError(
            settings.apiUrl,
            opts.attempts,
            new Error(`gateway not ready after ${deadlineMs} ms`),
          ),
        ),
      deadlineMs,
    );
  });
  await Promise.race([ready, late]).finally(() => clearTimeout(timer));
}
