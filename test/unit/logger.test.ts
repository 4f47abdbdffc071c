import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { appConfigSecrets, loadAppConfig } from '../../adapters/config.js';
import { createLogger, createSecretScrubber, REDACTED } from '../../src/common/logger.js';

const OPENROUTER_KEY = 'sk-or-v1-4f0c9a7e2b1d8c3f6a5e4d3c2b1a09f8e7d6c5b4a3928170';
const DISCORD_TOKEN = 'MTE4OTk5OTk5OTk5OTk5OTk5OQ.GxYzAb.k3yL0ngRand0mT0k3nV4lu3Abcdefghij';
const SLACK_BOT = 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_APP = 'xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SECRETS = [OPENROUTER_KEY, DISCORD_TOKEN, SLACK_BOT, SLACK_APP, SIGNING_SECRET];

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { destination, text: () => chunks.join('') };
}

function expectNoSecrets(output: string): void {
  for (const secret of SECRETS) expect(output).not.toContain(secret);
  // Fragments long enough to identify a token must not survive either.
  for (const secret of SECRETS) expect(output).not.toContain(secret.slice(-20));
}

describe('createLogger redaction', () => {
  it('redacts secrets by field name and by value, keeping ordinary fields', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.destination, secrets: SECRETS });
    logger.info(
      {
        request: {
          method: 'POST',
          url: 'https://openrouter.ai/api/v1/chat/completions',
          headers: { Authorization: `Bearer ${OPENROUTER_KEY}`, 'content-type': 'application/json' },
        },
        discord: { headers: { authorization: `Bot ${DISCORD_TOKEN}` }, route: '/channels/1/messages' },
        slack: { client: { token: SLACK_BOT, appToken: SLACK_APP, signingSecret: SIGNING_SECRET } },
        config: loadAppConfig({
          OPENROUTER_API_KEY: OPENROUTER_KEY,
          SLACK_BOT_TOKEN: SLACK_BOT,
          SLACK_APP_TOKEN: SLACK_APP,
        }),
        deep: { a: { b: { password: 'hunter2-long-password', cookie: 'session=abcdef123456' } } },
        AUTHORIZATION: `Bearer ${SLACK_BOT}`,
        userId: 'U0123',
        model: 'openai/gpt-4o-mini',
      },
      'request sent',
    );
    const output = out.text();
    expectNoSecrets(output);
    expect(output).not.toContain('hunter2-long-password');
    expect(output).not.toContain('session=abcdef123456');
    const line = JSON.parse(output);
    expect(line.request.headers.Authorization).toBe(REDACTED);
    expect(line.request.headers['content-type']).toBe('application/json');
    expect(line.request.url).toBe('https://openrouter.ai/api/v1/chat/completions');
    expect(line.discord.route).toBe('/channels/1/messages');
    expect(line.config.openrouter.apiKey).toBe(REDACTED);
    expect(line.config.openrouter.appTitle).toBe('Switchboard');
    expect(line.userId).toBe('U0123');
    expect(line.model).toBe('openai/gpt-4o-mini');
    expect(line.msg).toBe('request sent');
  });

  it('redacts secret-named fields at any depth and in any letter case, strings and lists of strings', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.destination });
    logger.info({
      a: { b: { c: { d: { e: { Password: 'deep "quoted" pass', tokens: 12 } } } } },
      response: { headers: { 'Set-Cookie': ['sid=1; HttpOnly', 'other=2'], 'X-Api-KEY': 'k-123' } },
      redisUrl: 'redis://:pw-very-secret@localhost:6379',
      note: 'token: is fine as text',
    });
    const line = JSON.parse(out.text());
    expect(line.a.b.c.d.e).toEqual({ Password: REDACTED, tokens: 12 });
    expect(line.response.headers).toEqual({ 'Set-Cookie': REDACTED, 'X-Api-KEY': REDACTED });
    expect(line.redisUrl).toBe(REDACTED);
    expect(line.note).toBe('token: is fine as text');
  });

  it('scrubs secret values inside error messages, stacks, causes and plain strings', () => {
    const out = capture();
    const logger = createLogger({ level: 'debug', destination: out.destination, secrets: SECRETS });
    const cause = new Error(`upstream rejected key ${OPENROUTER_KEY}`);
    const error = new Error(`Slack call failed with token=${SLACK_BOT} and ${SIGNING_SECRET}`, { cause });
    logger.error({ err: error, attempt: 2 }, 'command failed');
    logger.warn({ error: new Error(`discord 401 for ${DISCORD_TOKEN}`) }, 'gateway');
    logger.debug(`raw line: Authorization: Bearer ${SLACK_APP} path=/api/chat.postMessage`);
    logger.child({ token2: SLACK_BOT }).info({ note: `quoted "${OPENROUTER_KEY}"` }, 'child logger');

    const output = out.text();
    expectNoSecrets(output);
    const lines = output
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(lines).toHaveLength(4);
    expect(lines[0].err.message).toBe(`Slack call failed with token=${REDACTED} and ${REDACTED}`);
    expect(lines[0].err.stack).toContain('Slack call failed with token=[Redacted]');
    expect(lines[0].err.cause.message).toBe(`upstream rejected key ${REDACTED}`);
    expect(lines[0].attempt).toBe(2);
    expect(lines[1].error.message).toBe(`discord 401 for ${REDACTED}`);
    expect(lines[2].msg).toBe(`raw line: Authorization: Bearer ${REDACTED} path=/api/chat.postMessage`);
    expect(lines[3].note).toBe(`quoted "${REDACTED}"`);
  });

  it('scrubs the values listed by configSecrets', () => {
    const config = loadAppConfig({
      OPENROUTER_API_KEY: OPENROUTER_KEY,
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: '123456789012345678',
      SLACK_BOT_TOKEN: SLACK_BOT,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: SLACK_APP,
    });
    expect(new Set(appConfigSecrets(config))).toEqual(new Set(SECRETS));
    const out = capture();
    const logger = createLogger({
      level: 'info',
      destination: out.destination,
      secrets: appConfigSecrets(config),
    });
    logger.info(`everything: ${SECRETS.join(' | ')}`);
    expectNoSecrets(out.text());
    expect(out.text()).toContain('everything: [Redacted] | [Redacted]');
  });

  it('leaves lines alone when there are no secrets and ignores very short values', () => {
    const scrub = createSecretScrubber(['abc', '']);
    expect(scrub('abc abc')).toBe('abc abc');
    expect(createSecretScrubber(['secret-value-1'])('x secret-value-1 y')).toBe(`x ${REDACTED} y`);
    expect(createSecretScrubber(['a.b*c+d(e)'])('1 a.b*c+d(e) 2 aXbbc')).toBe(`1 ${REDACTED} 2 aXbbc`);
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', destination: out.destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.text()).not.toContain('hidden');
    expect(out.text()).toContain('shown');
  });
});
