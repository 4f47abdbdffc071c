/** The committed Slack manifest must match what the registry generates (run `npm run manifest:slack`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_PATH, manifestJson, slackManifest } from '../../adapters/slack/manifest.js';
import { createCommandRegistry } from '../../commands/index.js';

describe('Slack manifest', () => {
  it('is up to date with the command registry', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestJson(createCommandRegistry()));
  });

  it('keeps the usage hint within the 100 characters Slack allows, lists the shortcuts and subscribes to what the adapter listens to', () => {
    const registry = createCommandRegistry();
    const m = slackManifest(registry);
    const hint = m.features.slash_commands[0]?.usage_hint ?? '';
    expect(hint.length).toBeLessThanOrEqual(100);
    expect(registry.commands.every((c) => hint.includes(c.name)) || hint.startsWith('help')).toBe(true);
    expect(m.features.shortcuts.map((s) => s.callback_id).sort()).toEqual(
      registry.messageActions.map((a) => a.id).sort(),
    );
    expect(m.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.im']),
    );
    expect(m.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['chat:write', 'files:read', 'commands']),
    );
  });
});
