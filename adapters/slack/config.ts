/** The variables only the Slack adapter reads: its tokens and secret, the API URL, port and streaming. */
import { z } from 'zod';
import { defineConfigPart } from '../../src/config/config-part.js';
import { httpUrl, int, text } from '../../src/config/config-schema.js';

export const slackConfig = defineConfigPart({
  shape: {
    SLACK_BOT_TOKEN: text.optional(),
    SLACK_SIGNING_SECRET: text.optional(),
    SLACK_APP_TOKEN: text.optional(),
    SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
    SLACK_PORT: int(0, 65_535).default(3000),
    SLACK_STREAMING: z.enum(['native', 'update'], { error: 'must be native or update' }).default('native'),
  },
  hints: {
    SLACK_API_URL: 'Give a full URL such as https://example.com/api, or leave it unset for the default',
    SLACK_PORT: 'Pick a free TCP port, e.g. SLACK_PORT=3000',
    SLACK_STREAMING:
      'Use SLACK_STREAMING=native (Slack text streaming) or SLACK_STREAMING=update (post, then chat.update)',
  },
  rules: [
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
  ],
  /** socketMode is true when appToken is set; signingSecret is then optional. */
  build: (env) =>
    env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          socketMode: !!env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          port: env.SLACK_PORT,
          /** native: chat.startStream where the context allows it; update: post, then chat.update. */
          streaming: env.SLACK_STREAMING,
        }
      : undefined,
  secrets: (config) => [config.botToken, config.signingSecret, config.appToken],
});

export type SlackConfig = NonNullable<ReturnType<typeof slackConfig.build>>;
