/**
 * The whole configuration: the core's plus each adapter's own part (adapters/<platform>/config.ts).
 * An adapter whose variables are set appears under its name (`config.discord`, `config.slack`) and
 * is started by adapters/main.ts; problems in any part are reported together, each with a fix.
 */

import type { PartConfigs } from '../src/config/config-part.js';
import type { Config } from '../src/config/load-config.js';
import { configKeysWith, configSecrets, loadConfigWith } from '../src/config/load-config.js';
import { discordConfig } from './discord/config.js';
import { slackConfig } from './slack/config.js';

export const ADAPTER_CONFIG = { discord: discordConfig, slack: slackConfig };

export type AppConfig = Config & PartConfigs<typeof ADAPTER_CONFIG>;

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadConfigWith(ADAPTER_CONFIG, env);
}

/** Every environment variable Switchboard knows, core and adapters, in order. */
export function allConfigKeys(): string[] {
  return configKeysWith(ADAPTER_CONFIG);
}

/** Every secret value in the configuration, for the logger's value scrubber. */
export function appConfigSecrets(config: AppConfig): string[] {
  return configSecrets(config, ADAPTER_CONFIG);
}
