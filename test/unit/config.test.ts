import { describe, expect, it } from 'vitest';
import { appConfigSecrets, loadAppConfig } from '../../adapters/config.js';
import { ConfigError } from '../../src/config/load-config.js';

const KEY = 'sk-or-v1-0123456789abcdef';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies defaults when only the API key is set', () => {
    const config = loadAppConfig({ OPENROUTER_API_KEY: KEY });
    expect(config.openrouter).toEqual({
      apiKey: KEY,
      baseUrl: 'https://openrouter.ai/api/v1',
      appUrl: undefined,
      appTitle: 'Switchboard',
      appCategories: [],
      timeouts: { connectMs: 10_000, firstByteMs: 120_000, idleMs: 60_000 },
      maxRetries: 2,
    });
    expect(config.chat).toEqual({
      defaultModel: 'openai/gpt-4o-mini',
      defaultBackend: 'chat',
      fallbackModels: [],
      systemPrompt: undefined,
      streamEditIntervalMs: 1000,
      imageBytesPerMessage: 6 * 1024 * 1024,
      imageBytesPerRequest: 12 * 1024 * 1024,
    });
    expect(config.pictures).toEqual({ defaultModel: 'google/gemini-2.5-flash-image' });
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.state).toEqual({
      dataDir: './data',
      redisUrl: undefined,
      timeoutMs: 5_000,
      commitIntervalMs: 250,
      instances: 1,
    });
    expect(config.startup).toEqual({ attempts: 5 });
    expect(config.log.level).toBe('info');
    expect(config.admin.userIds).toEqual([]);
    expect(config.downloads).toEqual({
      allowedHosts: [],
      maxAttachmentBytes: 25 * 1024 * 1024,
      stallMs: 30_000,
      deadlineMs: 180_000,
    });
    expect(config.terminal.force).toBe(false);
  });

  it('parses numbers, lists, enums and URLs', () => {
    const config = loadAppConfig({
      OPENROUTER_API_KEY: KEY,
      OPENROUTER_BASE_URL: 'http://127.0.0.1:8080/api/v1',
      OPENROUTER_APP_CATEGORIES: ' cli-agent , ,chat ',
      OPENROUTER_TIMEOUT_IDLE_MS: '5000',
      OPENROUTER_MAX_RETRIES: '0',
      DEFAULT_BACKEND: 'responses',
      LOG_LEVEL: 'debug',
      ADMIN_USER_IDS: 'U123,456',
      DOWNLOAD_ALLOWED_HOSTS: 'files.example.com, cdn.example.org:8443',
      REDIS_URL: 'redis://:pw-secret-1@127.0.0.1:6379/0',
      SYSTEM_PROMPT: '  Be brief.  ',
    });
    expect(config.openrouter.baseUrl).toBe('http://127.0.0.1:8080/api/v1');
    expect(config.openrouter.appCategories).toEqual(['cli-agent', 'chat']);
    expect(config.openrouter.timeouts.idleMs).toBe(5000);
    expect(config.openrouter.maxRetries).toBe(0);
    expect(config.chat.defaultBackend).toBe('responses');
    expect(config.chat.systemPrompt).toBe('Be brief.');
    expect(config.log.level).toBe('debug');
    expect(config.admin.userIds).toEqual(['U123', '456']);
    expect(config.downloads.allowedHosts).toEqual(['files.example.com', 'cdn.example.org:8443']);
    expect(config.state.redisUrl).toBe('redis://:pw-secret-1@127.0.0.1:6379/0');
    expect(appConfigSecrets(config)).toEqual([KEY, 'pw-secret-1']);
  });

  it('treats empty and blank strings as unset', () => {
    const config = loadAppConfig({
      OPENROUTER_API_KEY: KEY,
      OPENROUTER_BASE_URL: '',
      LOG_LEVEL: '   ',
      DISCORD_TOKEN: '',
      SLACK_BOT_TOKEN: '',
      TERMINAL: '',
      SLACK_PORT: '',
    });
    expect(config.openrouter.baseUrl).toBe('https://openrouter.ai/api/v1');
    expect(config.log.level).toBe('info');
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
    expect(config.terminal.force).toBe(false);
    expect(problemsOf({ OPENROUTER_API_KEY: '  ' })).toEqual([
      expect.stringMatching(/^OPENROUTER_API_KEY is required/),
    ]);
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['Off', false],
  ])('reads TERMINAL=%s as %s (not JS truthiness)', (value, expected) => {
    expect(loadAppConfig({ OPENROUTER_API_KEY: KEY, TERMINAL: value }).terminal.force).toBe(expected);
  });

  it('rejects a boolean it does not understand', () => {
    expect(problemsOf({ OPENROUTER_API_KEY: KEY, TERMINAL: 'maybe' })).toEqual([
      expect.stringMatching(/^TERMINAL "maybe" is not a boolean\. Fix: Use true\/false/),
    ]);
  });

  it('reports every problem at once, each naming the variable and a fix', () => {
    const problems = problemsOf({
      OPENROUTER_BASE_URL: 'ftp://openrouter.ai',
      OPENROUTER_APP_URL: 'not a url',
      OPENROUTER_TIMEOUT_CONNECT_MS: '10s',
      OPENROUTER_MAX_RETRIES: '50',
      DEFAULT_BACKEND: 'completions',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'http://127.0.0.1:6379',
      SLACK_PORT: '70000',
      DOWNLOAD_ALLOWED_HOSTS: 'https://files.example.com/',
      DISCORD_API_URL: 'javascript:alert(1)',
    });
    const keys = problems.map((problem) => problem.split(' ')[0]);
    expect(keys.sort()).toEqual(
      [
        'OPENROUTER_API_KEY',
        'OPENROUTER_BASE_URL',
        'OPENROUTER_APP_URL',
        'OPENROUTER_TIMEOUT_CONNECT_MS',
        'OPENROUTER_MAX_RETRIES',
        'DEFAULT_BACKEND',
        'LOG_LEVEL',
        'REDIS_URL',
        'SLACK_PORT',
        'DOWNLOAD_ALLOWED_HOSTS',
        'DISCORD_API_URL',
      ].sort(),
    );
    for (const problem of problems) expect(problem).toMatch(/Fix: .{10,}/);
    const error = (() => {
      try {
        loadAppConfig({ LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toContain('OPENROUTER_API_KEY is required');
    expect(error?.message).toContain('LOG_LEVEL must be one of');
  });

  describe('Discord group', () => {
    it('is enabled by DISCORD_TOKEN and then needs DISCORD_APPLICATION_ID', () => {
      expect(problemsOf({ OPENROUTER_API_KEY: KEY, DISCORD_TOKEN: 'discord-token' })).toEqual([
        expect.stringMatching(
          /^DISCORD_APPLICATION_ID is required when DISCORD_TOKEN is set\. .*developer portal/,
        ),
      ]);
      const config = loadAppConfig({
        OPENROUTER_API_KEY: KEY,
        DISCORD_TOKEN: 'discord-token',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_API_URL: 'http://127.0.0.1:4000/api',
      });
      expect(config.discord).toEqual({
        token: 'discord-token',
        applicationId: '123456789012345678',
        guildId: undefined,
        apiUrl: 'http://127.0.0.1:4000/api',
      });
    });

    it('flags ids without a token and non-numeric ids', () => {
      const problems = problemsOf({ OPENROUTER_API_KEY: KEY, DISCORD_APPLICATION_ID: 'abc' });
      expect(problems).toHaveLength(2);
      expect(problems.join('\n')).toMatch(/DISCORD_APPLICATION_ID must be a numeric Discord id/);
      expect(problems.join('\n')).toMatch(/DISCORD_TOKEN is missing while other DISCORD_\* ids are set/);
    });
  });

  it('splits per-bot budgets between INSTANCE_COUNT instances', () => {
    expect(loadAppConfig({ OPENROUTER_API_KEY: KEY, INSTANCE_COUNT: '3' }).state.instances).toBe(3);
    expect(problemsOf({ OPENROUTER_API_KEY: KEY, INSTANCE_COUNT: '0' })[0]).toMatch(
      /^INSTANCE_COUNT must be at least 1/,
    );
  });

  describe('Discord sharding', () => {
    const discord = {
      OPENROUTER_API_KEY: KEY,
      DISCORD_TOKEN: 'discord-token',
      DISCORD_APPLICATION_ID: '123456789012345678',
    };
    it('passes the shards this instance runs and the total count', () => {
      const config = loadAppConfig({ ...discord, DISCORD_SHARD_COUNT: '4', DISCORD_SHARD_IDS: '2, 3' });
      expect(config.discord?.shards).toEqual([2, 3]);
      expect(config.discord?.shardCount).toBe(4);
      expect(loadAppConfig(discord).discord).not.toHaveProperty('shards');
    });
    it('needs the count with ids, and ids below the count', () => {
      expect(problemsOf({ ...discord, DISCORD_SHARD_IDS: '0' })).toEqual([
        expect.stringMatching(/^DISCORD_SHARD_COUNT is required with DISCORD_SHARD_IDS/),
      ]);
      expect(problemsOf({ ...discord, DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: '1,2' })).toEqual([
        expect.stringMatching(/^DISCORD_SHARD_IDS lists a shard number at or above DISCORD_SHARD_COUNT/),
      ]);
      expect(problemsOf({ ...discord, DISCORD_SHARD_COUNT: '2', DISCORD_SHARD_IDS: 'a' })[0]).toMatch(
        /^DISCORD_SHARD_IDS must list shard numbers/,
      );
    });
  });

  describe('Slack group', () => {
    it('is enabled by SLACK_BOT_TOKEN and needs the signing secret in HTTP mode', () => {
      expect(problemsOf({ OPENROUTER_API_KEY: KEY, SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
        expect.stringMatching(/^SLACK_SIGNING_SECRET is required .*SLACK_APP_TOKEN/),
      ]);
      const config = loadAppConfig({
        OPENROUTER_API_KEY: KEY,
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's3cret',
      });
      expect(config.slack).toEqual({
        botToken: 'xoxb-1',
        signingSecret: 's3cret',
        appToken: undefined,
        socketMode: false,
        apiUrl: 'https://slack.com/api/',
        port: 3000,
        streaming: 'native',
      });
    });

    it('takes SLACK_STREAMING=update and explains a bad value', () => {
      const base = { OPENROUTER_API_KEY: KEY, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
      expect(loadAppConfig({ ...base, SLACK_STREAMING: 'update' }).slack?.streaming).toBe('update');
      expect(() => loadAppConfig({ ...base, SLACK_STREAMING: 'fast' })).toThrow(
        /SLACK_STREAMING must be native or update/,
      );
    });

    it('does not need the signing secret in Socket Mode', () => {
      const config = loadAppConfig({
        OPENROUTER_API_KEY: KEY,
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_APP_TOKEN: 'xapp-1',
      });
      expect(config.slack?.socketMode).toBe(true);
      expect(config.slack?.signingSecret).toBeUndefined();
    });

    it('flags Slack secrets without a bot token', () => {
      expect(problemsOf({ OPENROUTER_API_KEY: KEY, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
        expect.stringMatching(/^SLACK_BOT_TOKEN is missing/),
      ]);
    });
  });

  it('reads process.env by default', () => {
    const saved = process.env.OPENROUTER_API_KEY;
    process.env.OPENROUTER_API_KEY = 'from-process-env';
    try {
      expect(loadAppConfig().openrouter.apiKey).toBe('from-process-env');
    } finally {
      if (saved === undefined) delete process.env.OPENROUTER_API_KEY;
      else process.env.OPENROUTER_API_KEY = saved;
    }
  });
});

describe('video settings', () => {
  it('default to polling from 5 s up to 30 s, 8 polls at once, on google/veo-3.1', () => {
    expect(loadAppConfig({ OPENROUTER_API_KEY: KEY }).video).toEqual({
      defaultModel: 'google/veo-3.1',
      pollMinMs: 5_000,
      pollMaxMs: 30_000,
      maxConcurrentPolls: 8,
      leaseMs: 30_000,
    });
    const custom = loadAppConfig({
      OPENROUTER_API_KEY: KEY,
      VIDEO_MODEL: 'openai/sora-2',
      VIDEO_POLL_MIN_MS: '20',
      VIDEO_POLL_MAX_MS: '60',
      VIDEO_MAX_CONCURRENT_POLLS: '2',
      VIDEO_LEASE_MS: '2000',
    });
    expect(custom.video).toEqual({
      defaultModel: 'openai/sora-2',
      pollMinMs: 20,
      pollMaxMs: 60,
      maxConcurrentPolls: 2,
      leaseMs: 2_000,
    });
  });

  it('rejects a maximum poll wait below the minimum, and out-of-range values', () => {
    expect(
      problemsOf({ OPENROUTER_API_KEY: KEY, VIDEO_POLL_MIN_MS: '10000', VIDEO_POLL_MAX_MS: '5000' }),
    ).toEqual([
      'VIDEO_POLL_MAX_MS must be at least VIDEO_POLL_MIN_MS (polling backs off from the minimum up to the maximum).',
    ]);
    expect(problemsOf({ OPENROUTER_API_KEY: KEY, VIDEO_POLL_MAX_MS: '1000' })).toHaveLength(1);
    const keys = problemsOf({
      OPENROUTER_API_KEY: KEY,
      VIDEO_MAX_CONCURRENT_POLLS: '0',
      VIDEO_MODEL: 'a b',
    }).map((p) => p.split(' ')[0]);
    expect(keys.sort()).toEqual(['VIDEO_MAX_CONCURRENT_POLLS', 'VIDEO_MODEL']);
  });
});
