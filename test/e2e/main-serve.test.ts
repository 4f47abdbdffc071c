/**
 * `npm start` as a real process against the fakes: with only an OpenRouter key it chats in the
 * terminal; with Discord credentials it serves Discord, with Slack too it serves both in one process,
 * and it stops cleanly on SIGTERM.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord.js';
import { startFakeSlack } from '../fakes/slack.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';
import { cleanUpBots, startBot } from './bot-process.js';

const KEY = 'sk-or-v1-main-serve-0123456789abcdef';
const openrouter = useFakeOpenRouter({ apiKey: KEY });
afterEach(() => cleanUpBots());

const start = (env: Record<string, string>) =>
  startBot({ OPENROUTER_API_KEY: KEY, OPENROUTER_BASE_URL: openrouter.baseUrl, ...env });

describe('npm start', { timeout: 60_000 }, () => {
  it('with only an OpenRouter key, chats in the terminal', async () => {
    const p = start({});
    await p.until('Switchboard terminal');
    p.child.stdin?.write('/chat hello from the terminal\n');
    await p.until('Echo: hello from the terminal');
    await p.until('tokens');
    // the terminal shows the answer; logs go to stderr and never split it
    expect(p.stdout()).toContain('Echo: hello from the terminal');
    expect(p.stdout()).not.toContain('"level"');
    p.child.stdin?.end();
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(0);
    expect(p.output()).not.toContain(KEY);
  });

  it('with Discord credentials, serves Discord and stops on SIGTERM', async () => {
    const discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
    const p = start({
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      STREAM_EDIT_INTERVAL_MS: '200',
    });
    await p.until('discord ready');
    const h = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'served by the process' }],
    });
    expect((await h.waitForCallback()).type).toBe(4);
    const thread = await discord.waitFor(() => discord.threads()[0]);
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.includes('Echo: served by the process')),
    );
    p.child.kill('SIGTERM');
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(0);
    expect(p.output()).not.toContain(discord.token);
    expect(p.output()).not.toContain(KEY);
    await discord.close();
  });

  it('with Discord and Slack (Socket Mode) credentials, serves both from one process', async () => {
    const discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
    const slack = await startFakeSlack({ defaultTimeoutMs: 20_000 });
    const p = start({
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_APP_TOKEN: slack.appToken,
      SLACK_API_URL: slack.apiUrl,
      STREAM_EDIT_INTERVAL_MS: '200',
    });
    await p.until('discord ready');
    await p.until('slack ready');
    await slack.waitForSocket();
    const asked = slack.mention({ text: 'hello from slack' });
    await slack.send(asked);
    await slack.waitFor(() =>
      slack
        .messages(slack.channelId, asked.ts)
        .some((m) => m.isBot && m.text.includes('Echo: hello from slack')),
    );
    const h = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'and discord' }],
    });
    expect((await h.waitForCallback()).type).toBe(4);
    p.child.kill('SIGTERM');
    const [code] = await once(p.child, 'exit');
    expect(code).toBe(0);
    await slack.waitForSocketsClosed();
    for (const secret of [slack.botToken, slack.appToken, discord.token, KEY])
      expect(p.output()).not.toContain(secret);
    await slack.close();
    await discord.close();
  });
});
