/** The variables only the Discord adapter reads: its token, application and guild ids, and the API URL. */
import { z } from 'zod';
import { defineConfigPart } from '../../src/config/config-part.js';
import { httpUrl, int, list, text } from '../../src/config/config-schema.js';

const snowflake = z.string().regex(/^\d+$/, 'must be a numeric Discord id (a snowflake)');

export const discordConfig = defineConfigPart({
  shape: {
    DISCORD_TOKEN: text.optional(),
    DISCORD_APPLICATION_ID: snowflake.optional(),
    DISCORD_GUILD_ID: snowflake.optional(),
    DISCORD_API_URL: httpUrl.default('https://discord.com/api'),
    DISCORD_SHARD_COUNT: int(1, 10_000).optional(),
    DISCORD_SHARD_IDS: list
      .pipe(
        z
          .array(z.string().regex(/^\d+$/, 'must list shard numbers such as 0,1'))
          .min(1, 'must list at least one shard number'),
      )
      .transform((ids) => ids.map(Number))
      .optional(),
  },
  hints: {
    DISCORD_APPLICATION_ID: 'Copy the Application ID from the Discord developer portal (General Information)',
    DISCORD_GUILD_ID: 'Enable developer mode, right-click your server and choose Copy Server ID',
    DISCORD_API_URL: 'Give a full URL such as https://example.com/api, or leave it unset for the default',
    DISCORD_SHARD_COUNT: 'Give the total number of shards across all instances, e.g. DISCORD_SHARD_COUNT=4',
    DISCORD_SHARD_IDS: 'List the shards this instance runs, comma-separated, e.g. DISCORD_SHARD_IDS=0,1',
  },
  rules: [
    {
      key: 'DISCORD_SHARD_COUNT',
      when: (env) => !!env.DISCORD_SHARD_IDS && !env.DISCORD_SHARD_COUNT,
      message: 'is required with DISCORD_SHARD_IDS (the total number of shards across every instance)',
    },
    {
      key: 'DISCORD_SHARD_IDS',
      when: (env) =>
        Array.isArray(env.DISCORD_SHARD_IDS) &&
        env.DISCORD_SHARD_IDS.some(
          (id: number) => id >= ((env.DISCORD_SHARD_COUNT as number | undefined) ?? Number.POSITIVE_INFINITY),
        ),
      message: 'lists a shard number at or above DISCORD_SHARD_COUNT (shards are numbered from 0)',
    },
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
  ],
  build: (env) =>
    env.DISCORD_TOKEN && env.DISCORD_APPLICATION_ID
      ? {
          token: env.DISCORD_TOKEN,
          applicationId: env.DISCORD_APPLICATION_ID,
          guildId: env.DISCORD_GUILD_ID,
          apiUrl: env.DISCORD_API_URL,
          // sharding (several instances on a large bot): the shards this instance runs, out of shardCount
          ...(env.DISCORD_SHARD_COUNT ? { shardCount: env.DISCORD_SHARD_COUNT } : {}),
          ...(env.DISCORD_SHARD_IDS ? { shards: env.DISCORD_SHARD_IDS } : {}),
        }
      : undefined,
  secrets: (config) => [config.token],
});

export type DiscordConfig = NonNullable<ReturnType<typeof discordConfig.build>>;
