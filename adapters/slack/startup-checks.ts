/**
 * Checks made before the Slack app starts taking events: the bot token is accepted (a rejected token
 * would otherwise leave a process that silently drops every event) and the Web API is reachable
 * within a few tries. Failures are StartupErrors naming the variable to fix.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { reasonOf, StartupError, withStartupRetries } from '../../src/common/startup.js';
import { boltLogger } from './bolt-logger.js';
import { slackErrorCode } from './native-stream.js';

/** Slack's answers that mean the token itself is wrong, revoked or for a disabled account. */
const REJECTED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

export function isRejectedToken(err: unknown): boolean {
  const code = slackErrorCode(err);
  return !!code && REJECTED.has(code);
}

export function rejectedTokenError(variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', err: unknown) {
  const where =
    variable === 'SLACK_BOT_TOKEN'
      ? 'the Bot User OAuth Token (xoxb-…) from your app at api.slack.com/apps → OAuth & Permissions (reinstall the app if it was revoked)'
      : 'an app-level token (xapp-…) with the connections:write scope from api.slack.com/apps → Basic Information → App-Level Tokens';
  return new StartupError(
    'STARTUP.SLACK_TOKEN',
    variable,
    `Slack rejected ${variable} (${slackErrorCode(err)}).\nFix: set ${variable} to ${where}, then start again.`,
    err,
  );
}

export async function checkSlackToken(
  settings: { botToken: string; apiUrl: string },
  opts: { attempts: number; logger: Logger },
): Promise<void> {
  const client = new webApi.WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    retryConfig: { retries: 0 },
    logger: boltLogger(opts.logger),
  });
  try {
    await withStartupRetries(() => client.auth.test(), {
      attempts: opts.attempts,
      fatal: (err) => slackErrorCode(err) !== undefined,
      onRetry: (err, n, delayMs) =>
        opts.logger.warn({ attempt: n, delayMs, reason: reasonOf(err) }, 'Slack not reachable yet; retrying'),
    });
  } catch (err) {
    if (isRejectedToken(err)) throw rejectedTokenError('SLACK_BOT_TOKEN', err);
    const code = slackErrorCode(err);
    throw new StartupError(
      'STARTUP.SLACK_UNREACHABLE',
      'SLACK_API_URL',
      code
        ? `Slack refused the start-up check auth.test (${code}).\nFix: check SLACK_BOT_TOKEN and the app's installation, then start again.`
        : `Cannot reach Slack's Web API at SLACK_API_URL=${settings.apiUrl} after ${opts.attempts} tries (${reasonOf(err)}).\nFix: check the network or proxy between this machine and Slack, or correct SLACK_API_URL (leave it unset for https://slack.com/api/).`,
      err,
    );
  }
}

/** A port the HTTP receiver cannot listen on. */
export function listenError(port: number, err: unknown): StartupError {
  return new StartupError(
    'STARTUP.SLACK_PORT',
    'SLACK_PORT',
    `Cannot listen for Slack requests on SLACK_PORT=${port} (${reasonOf(err)}).\nFix: pick a free port for SLACK_PORT, or stop whatever is using it.`,
    err,
  );
}
