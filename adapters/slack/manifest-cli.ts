/** `npm run manifest:slack`: writes adapters/slack/manifest.json from the command registry. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCommandRegistry } from '../../commands/index.js';
import { MANIFEST_PATH, manifestJson } from './manifest.js';

writeFileSync(MANIFEST_PATH, manifestJson(createCommandRegistry()));
process.stdout.write(
  `Wrote ${fileURLToPath(MANIFEST_PATH)}. Paste it at https://api.slack.com/apps → Create New App → From a manifest.\n`,
);
