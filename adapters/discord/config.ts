/** The variables only the Discord adapter reads: its token, application and guild ids, and the API URL. */
import { z } from 'zod';
import { defineConfigPart } from '../../src/config/config-part.js';
import { httpUrl, text } from '../../src/config/config-schema.js';

const snowflake = z.string().regex(/^\d+$/, 'must be a numeric Discord id (a snowflake)');

export const discordConfig = defineConfigPart({
  shape: {
    DISCORD_TOKEN: text.optional(),
    DISCORD_APPLICATION_ID: snowflake.optional(),
    DISCORD_GUILD_ID: snowflake.optional(),
    DISCORD_API_URL: httpUrl.default('https://discord.com/api'),
  },
  hints: {
    DISCORD_APPLICATION_ID: 'Copy the Application ID from the Discord developer portal (General Information)',
    DISCORD_GUILD_ID: 'Enable developer mode, right-click your server and choose Copy Server ID',
    DISCORD_API_URL: 'Give a full URL such as https://example.com/api, or leave it unset for the default',
  },
  rules: [
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
        }
      : undefined,
  secrets: (config) => [config.token],
});

export type DiscordConfig = NonNullable<ReturnType<typeof discordConfig.build>>;
