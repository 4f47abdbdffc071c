/** The Slack app manifest, generated from the command registry (committed as adapters/slack/manifest.json). */
import type { Registry } from '../../src/command-model/command-registry.js';

export const MANIFEST_PATH = new URL('./manifest.json', import.meta.url);

export function slackManifest(
  registry: Pick<Registry, 'commands' | 'messageActions'>,
  command = '/switchboard',
) {
  const names = registry.commands.map((c) => c.name).join('|');
  // Slack caps the hint at 100 characters: list the commands while they fit, else point at help
  const hint =
    `[${names}] [options]`.length <= 100 ? `[${names}] [options]` : 'help | <command> [name:value …]';
  return {
    display_information: {
      name: 'Switchboard',
      description:
        'The whole OpenRouter API in your workspace: chat, voice, video, lookups and a team notebook.',
      background_color: '#1f2937',
    },
    features: {
      bot_user: { display_name: 'Switchboard', always_online: true },
      app_home: { messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: [
        {
          command,
          description: 'Run a Switchboard command (try: help)',
          usage_hint: hint,
          // mentions arrive as <@U…|name>, <#C…|name>, <!subteam^S…|@group>: ids the commands can use
          should_escape: true,
        },
      ],
      shortcuts: registry.messageActions.map((a) => ({
        name: a.name,
        type: 'message',
        callback_id: a.id,
        description: a.name,
      })),
    },
    oauth_config: {
      scopes: {
        bot: [
          'app_mentions:read',
          'assistant:write',
          'channels:history',
          'chat:write',
          'commands',
          'files:read',
          'files:write',
          'groups:history',
          'im:history',
          'im:read',
          'im:write',
          'mpim:history',
          'usergroups:read',
          'users:read',
        ],
      },
    },
    settings: {
      event_subscriptions: {
        bot_events: ['app_mention', 'message.channels', 'message.groups', 'message.im', 'message.mpim'],
      },
      interactivity: { is_enabled: true },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}

export function manifestJson(registry: Pick<Registry, 'commands' | 'messageActions'>): string {
  return `${JSON.stringify(slackManifest(registry), null, 2)}\n`;
}
