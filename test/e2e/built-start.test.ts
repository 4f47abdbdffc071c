/**
 * The production start: the compiled JavaScript (tsc → dist/, as `npm start` builds and runs it)
 * run by plain node, without tsx, serves Discord and Slack against the fakes, reports ready, and
 * drains on SIGTERM with exit code 0.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { startFakeSlack } from '../fakes/slack.js';
import { cleanUpBots, opsPort, ROOT, startBot } from './bot-process.js';

const KEY = 'sk-or-v1-built-start-0123456789abcdef';
let openrouter: FakeOpenRouter;

beforeAll(async () => {
  const pkg = await import('../../package.json', { with: { type: 'json' } });
  // the compiled entry point on plain node, with the V8 flags production runs with (docs/operations.md)
  expect(pkg.default.scripts.start).toBe('node --max-semi-space-size=64 dist/adapters/main.js');
  await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: ROOT,
  });
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
}, 180_000);
afterAll(async () => {
  await openrouter.close();
});
afterEach(() => cleanUpBots());

describe('npm start (compiled JavaScript)', { timeout: 60_000 }, () => {
  it('serves both platforms from dist/ with plain node and stops cleanly', async () => {
    const discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
    const slack = await startFakeSlack({ defaultTimeoutMs: 20_000 });
    const bot = startBot(
      {
        NODE_OPTIONS: '',
        OPENROUTER_API_KEY: KEY,
        OPENROUTER_BASE_URL: openrouter.baseUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_APP_TOKEN: slack.appToken,
        SLACK_API_URL: slack.apiUrl,
        OPS_PORT: '0',
        OPS_HOST: '127.0.0.1',
      },
      { built: true },
    );
    expect(bot.child.spawnargs.join(' ')).not.toContain('tsx');
    expect(bot.child.spawnargs.slice(1)).toEqual([
      '--max-semi-space-size=64',
      join(ROOT, 'dist', 'adapters', 'main.js'),
    ]);
    const port = await opsPort(bot);
    await bot.until('discord ready');
    await bot.until('slack ready');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const h = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'from dist' }],
    });
    expect((await h.waitForCallback()).type).toBe(4);
    const thread = await discord.waitFor(() => discord.threads()[0]);
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: from dist')),
    );
    await slack.waitForSocket();
    const asked = slack.mention({ text: 'from dist too' });
    await slack.send(asked);
    await slack.waitFor(() =>
      slack
        .messages(slack.channelId, asked.ts)
        .some((m) => m.isBot && m.text.includes('Echo: from dist too')),
    );

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toContain('shutdown complete');
    for (const secret of [KEY, discord.token, slack.botToken, slack.appToken])
      expect(bot.output()).not.toContain(secret);
    await slack.close();
    await discord.close();
  });
});
