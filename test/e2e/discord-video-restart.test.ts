/**
 * kill -9 in the middle of a video job: `npm start` as a real process serving the fake Discord,
 * SIGKILLed while the job runs, started again on the same DATA_DIR (SQLite). The job is resumed
 * from the store and its video posted once, through the channel (the interaction token is expired).
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { discordBotEnv } from '../helpers/bot-env.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';
import { cleanUpBots, startBot } from './bot-process.js';

const KEY = 'sk-or-v1-video-restart-0123456789abcdef';
const openrouter = useFakeOpenRouter({ apiKey: KEY });
let discord: FakeDiscord;
let cwd: string;

beforeAll(async () => {
  discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
  cwd = mkdtempSync(join(tmpdir(), 'sb-video-kill-'));
});
afterAll(async () => {
  cleanUpBots();
  await discord.close();
  rmSync(cwd, { recursive: true, force: true });
});

function start() {
  return startBot(
    {
      ...discordBotEnv(discord, openrouter, KEY),
      VIDEO_POLL_MIN_MS: '20',
      VIDEO_POLL_MAX_MS: '60',
    },
    { cwd },
  );
}

const channel = () => discord.messages(discord.channelId);
const videos = () => channel().filter((m) => m.attachments.length > 0);

describe('a video job across kill -9', () => {
  it('is resumed from the SQLite store and delivered exactly once', async () => {
    openrouter.configureVideo({ pollsUntilDone: 1_000_000 });
    const first = start();
    await first.until('discord ready');
    const h = discord.slashCommand({
      name: 'video',
      options: [
        { name: 'create', type: 1, options: [{ name: 'prompt', type: 3, value: 'kill me' }] } as never,
      ],
    });
    await h.waitForCallback();
    const running = await discord.waitFor(() =>
      channel().find((m) => m.interactionId === h.id && m.content.includes('Generating')),
    );
    const jobId = /video-cancel:([^"]+)/.exec(JSON.stringify(running.components))?.[1] ?? '';
    expect(jobId).toMatch(/^vid_/);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    discord.expireInteraction(h.token);
    openrouter.updateVideo(jobId, { pollsUntilDone: openrouter.updateVideo(jobId, {}).polls + 2 });

    const second = start();
    await second.until('resumed video jobs');
    const done = await discord.waitFor(() =>
      channel().find(
        (m) =>
          m.interactionId === h.id &&
          m.content.includes('✅ Done') &&
          !JSON.stringify(m.components).includes('video-cancel'),
      ),
    );
    await discord
      .waitFor(() => videos().length === 1)
      .catch((err: unknown) => {
        throw new Error(`${String(err)}\nbot output:\n${second.output()}`);
      });
    expect(done.content).toContain('cost $0.40');
    second.child.kill('SIGTERM');
    const [code] = await once(second.child, 'exit');
    expect(code).toBe(0);
    expect(videos()).toHaveLength(1);
    expect(channel()).toHaveLength(2);
    expect(openrouter.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos'))).toHaveLength(
      1,
    );
  }, 60_000);
});
