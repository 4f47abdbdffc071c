/** `npm run deploy:discord`: register all commands (guild with DISCORD_GUILD_ID, else global); no-op when unchanged. */
import { existsSync } from 'node:fs';
import { commands, messageActions } from '../../commands/index.js';
import { ConfigError } from '../../src/config/load-config.js';
import { loadAppConfig } from '../config.js';
import { deployCommands } from './deploy-commands.js';

if (existsSync('.env')) process.loadEnvFile('.env');
try {
  const config = loadAppConfig();
  if (!config.discord) {
    process.stderr.write(
      'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example) to deploy commands.\n',
    );
    process.exit(1);
  }
  const result = await deployCommands({ ...config.discord, commands, messageActions });
  process.stdout.write(
    result.changed
      ? `Registered ${result.count} commands (${result.scope}).\n`
      : `Commands already up to date (${result.count}, ${result.scope}); nothing written.\n`,
  );
} catch (err) {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : `Deploy failed: ${(err as Error).message}`}\n`,
  );
  process.exit(1);
}
