/**
 * /video on Discord end to end: the real discord.js client against the fake Discord, the real
 * OpenRouter client against the fake OpenRouter whose jobs advance one step per poll. Polling runs
 * on a shortened schedule (20-60 ms) set through the environment; every wait is on an event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { createSqliteStore } from '../../src/state/sqlite-store.js';
import type { VideoJobRecord } from '../../src/video/video-jobs.js';
import type { StoredMessage } from '../fakes/discord.js';
import { mp4File } from '../fakes/openrouter.js';
import { useDiscordBot } from './use-discord-bot.js';

const FAST = { VIDEO_POLL_MIN_MS: '20', VIDEO_POLL_MAX_MS: '60' };
const dirs: string[] = [];
// registered before the bot's hooks, so it runs after the bot has stopped
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const { discord, openrouter, bot, start, stop } = useDiscordBot({ env: FAST, autoStart: false });

type Opt = { name: string; type: number; value: unknown };
const str = (name: string, value: string): Opt => ({ name, type: 3, value });

async function createVideo(options: Opt[], extra: { userId?: string } = {}) {
  const handle = discord.slashCommand({
    name: 'video',
    options: [{ name: 'create', type: 1, options } as never],
    ...extra,
  });
  expect((await handle.waitForCallback()).type).toBe(4);
  return handle;
}

const channel = () => discord.messages(discord.channelId);
const statusOf = (interactionId: string) => channel().find((m) => m.interactionId === interactionId);
const videos = () => channel().filter((m) => m.attachments.length > 0);
const videoPosts = () => openrouter.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos'));
const buttons = (m: StoredMessage | undefined) => JSON.stringify(m?.components ?? []);
const finalStatus = (id: string, word: string) =>
  discord.waitFor(() => {
    const m = statusOf(id);
    return m?.content.includes(word) && !buttons(m).includes('video-cancel') ? m : undefined;
  });

describe('/video on Discord', () => {
  it('follows a job in one status message, then uploads the video with its cost', async () => {
    // this model took 200 ms before, so progress can be estimated (shown as a bar)
    const store = createMemoryStore();
    await store.namespace('video-stats').set('google/veo-3.1', { typicalMs: 200 });
    await start({ store });
    openrouter.configureVideo({ pollsUntilDone: 4 });
    const h = await createVideo([str('prompt', 'A fox running through snow')]);
    const done = await finalStatus(h.id, '✅ Done');
    const [video] = await discord.waitFor(() => (videos().length > 0 ? videos() : undefined));
    expect(video?.attachments[0]?.filename).toMatch(/^video-vid_.+-1\.mp4$/);
    expect(Buffer.from(video?.attachments[0]?.data ?? []).equals(mp4File(0))).toBe(true);
    expect(video?.content).toContain('<@');
    expect(done.content).toContain('-# google/veo-3.1 · cost $0.40 · gen-');
    expect(done.content).toContain('A fox running through snow');
    const markers: string[] = [];
    for await (const [key] of store.namespace('video-submits').entries()) markers.push(key);
    expect(markers).toEqual([]); // the submit marker is gone once the job is stored
    // intermediate edits: the running state with its progress bar and Cancel button, edited in place
    const edits = discord.requests.filter((r) => r.method === 'PATCH' && r.path.includes(done.id));
    const bodies = edits.map((r) => JSON.stringify(r.body));
    const running = bodies.filter((b) => b.includes('⏳ Generating') && b.includes('video-cancel:'));
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((b) => /`[▓░]{12}` \d+%/.test(b))).toBe(true);
    expect(edits.length).toBeGreaterThanOrEqual(3);
    // the first post used the interaction; every later update went through the channel API
    expect(edits.slice(1).every((r) => r.path.startsWith('/channels/'))).toBe(true);
    expect(
      discord.requests.some(
        (r) => r.method === 'POST' && r.path === `/channels/${discord.channelId}/messages`,
      ),
    ).toBe(true);
    expect(JSON.parse(JSON.stringify(videoPosts()[0]?.body))).toEqual({
      model: 'google/veo-3.1',
      prompt: 'A fox running through snow',
    });
    expect(channel()).toHaveLength(2);
  });

  it('says why a job failed, was cancelled by the provider, or expired', async () => {
    await start();
    const cases = [
      { config: { fail: true }, word: '❌ Failed', why: 'content policy' },
      {
        config: { fail: false, endAs: 'cancelled' as const },
        word: 'Cancelled by the provider',
        why: 'Why:',
      },
      { config: { fail: false, endAs: 'expired' as const }, word: '⌛ Expired', why: 'time to live' },
    ];
    for (const c of cases) {
      openrouter.configureVideo({ pollsUntilDone: 2, ...c.config });
      const h = await createVideo([str('prompt', `case ${c.word}`)]);
      const m = await finalStatus(h.id, c.word);
      expect(m.content).toContain(c.why);
    }
    expect(videos()).toHaveLength(0);
    expect(openrouter.requests.some((r) => r.path.endsWith('/content'))).toBe(false);
  });

  it('links a video over the 10 MiB upload limit instead of uploading it', async () => {
    await start();
    openrouter.configureVideo({ pollsUntilDone: 1, contentBytes: 11 * 1024 * 1024 });
    const h = await createVideo([str('prompt', 'a long video')]);
    await finalStatus(h.id, '✅ Done');
    const link = await discord.waitFor(() => channel().find((m) => m.content.includes('upload limit')));
    expect(link.content).toMatch(
      /is 11\.0 MB, over this platform's 10\.0 MB upload limit: http:\/\/127\.0\.0\.1:\d+\/api\/v1\/videos\/vid_.+\/content\?index=0/,
    );
    expect(videos()).toHaveLength(0);
  });

  it('runs two jobs at once in one channel, each with its own status and video', async () => {
    await start();
    openrouter.configureVideo({ pollsUntilDone: 3 });
    const a = await createVideo([str('prompt', 'first: a lighthouse')]);
    const b = await createVideo([str('prompt', 'second: a harbour')], { userId: '300000000000000009' });
    await finalStatus(a.id, '✅ Done');
    await finalStatus(b.id, '✅ Done');
    await discord.waitFor(() => videos().length === 2);
    const ids = openrouter.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/videos'))
      .map((r) => JSON.stringify(r.body));
    expect(ids).toHaveLength(2);
    const names = videos().map((v) => v.attachments[0]?.filename);
    expect(new Set(names).size).toBe(2);
    expect(videos().some((v) => v.content.includes('<@300000000000000009>'))).toBe(true);
    expect(statusOf(a.id)?.content).toContain('first: a lighthouse');
    expect(statusOf(b.id)?.content).toContain('second: a harbour');
  });

  it('rejects options the model does not support before any request', async () => {
    await start();
    await createVideo([
      str('prompt', 'x'),
      str('model', 'openai/sora-2'),
      str('resolution', '1080p'),
      { name: 'seed', type: 4, value: 3 },
    ]);
    const said = await discord.waitFor(() => channel().find((m) => m.content.includes('Please fix')));
    expect(said.content).toContain('`resolution` must be one of `720p` for openai/sora-2 (got `1080p`)');
    expect(said.content).toContain('openai/sora-2 does not take a `seed`');
    await createVideo([str('prompt', 'x'), str('duration', 'long')]);
    await discord.waitFor(() => channel().find((m) => m.content.includes('whole seconds')));
    expect(videoPosts()).toHaveLength(0);
  });

  it('Cancel stops following the job (only for the person who asked) and says so', async () => {
    await start();
    openrouter.configureVideo({ pollsUntilDone: 1_000_000 });
    const h = await createVideo([str('prompt', 'never ends')]);
    const running = await discord.waitFor(() => {
      const m = statusOf(h.id);
      return m?.content.includes('Generating') ? m : undefined;
    });
    const jobId = /video-cancel:([^"]+)/.exec(buttons(running))?.[1] ?? '';
    // another member without Manage Server may not cancel it
    const notAdmin = {
      customId: `video-cancel:${jobId}`,
      messageId: running.id,
      userId: '3001',
      permissions: '0',
    };
    const other = discord.buttonClick(notAdmin);
    await other.waitForCallback();
    await discord.waitFor(() =>
      discord.requests.some((r) => JSON.stringify(r.body).includes('Only the person')),
    );
    discord.buttonClick({ customId: `video-cancel:${jobId}`, messageId: running.id });
    const stopped = await finalStatus(h.id, '⏹️ Stopped');
    expect(stopped.content).toContain('no video will be posted here');
    const rec = await bot.store.namespace('video-jobs').get<VideoJobRecord>(jobId);
    expect(rec?.phase).toBe('done');
  });

  it('offers the models and each option’s values from the video models list as autocomplete', async () => {
    await start();
    const complete = async (name: string, value: string) => {
      const h = discord.autocomplete({
        name: 'video',
        options: [{ name: 'create', type: 1, options: [{ name, type: 3, value, focused: true }] }],
      });
      return ((await h.waitForCallback()).data as { choices: Array<{ name: string; value: string }> })
        .choices;
    };
    expect((await complete('model', 'sora')).map((c) => c.value)).toEqual(['openai/sora-2']);
    expect(await complete('resolution', '')).toEqual([
      { name: '720p — google/veo-3.1, openai/sora-2', value: '720p' },
      { name: '1080p — google/veo-3.1', value: '1080p' },
    ]);
    expect((await complete('size', '')).map((c) => c.value)).toEqual(['1280x720', '720x1280']);
  });

  it('lists the video models and what each supports', async () => {
    await start();
    const h = discord.slashCommand({
      name: 'video',
      options: [{ name: 'models', type: 1, options: [] } as never],
    });
    await h.waitForCallback();
    const list = await discord.waitFor(() => channel().find((m) => m.content.includes('Video models')));
    expect(list.content).toContain('`google/veo-3.1` — Google: Veo 3.1: durations 4/6/8 s');
    expect(list.content).toContain('*(default)*');
    expect(list.content).toContain('`openai/sora-2`');
  });

  it('resumes a job after a restart on the same SQLite data and delivers it once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-video-'));
    dirs.push(dataDir);
    openrouter.configureVideo({ pollsUntilDone: 1_000_000 });
    const store1 = await createSqliteStore({ dataDir });
    await start({ store: store1 });
    const h = await createVideo([str('prompt', 'survives a restart')]);
    const running = await discord.waitFor(() => {
      const m = statusOf(h.id);
      return m?.content.includes('Generating') ? m : undefined;
    });
    const jobId = /video-cancel:([^"]+)/.exec(buttons(running))?.[1] ?? '';
    await stop();
    await store1.close();
    discord.expireInteraction(h.token); // the final post must not need the 15-minute token
    openrouter.updateVideo(jobId, { pollsUntilDone: openrouter.updateVideo(jobId, {}).polls + 2 });

    const store2 = await createSqliteStore({ dataDir });
    await start({ store: store2 });
    await finalStatus(h.id, '✅ Done');
    await discord.waitFor(() => videos().length === 1);
    await stop();
    await store2.close();

    const polls = openrouter.requests.filter((r) => r.path.endsWith(`/videos/${jobId}`)).length;
    const store3 = await createSqliteStore({ dataDir });
    await start({ store: store3 });
    await bot.app.services.video.start(); // the resume scan finished: nothing left to follow
    await stop();
    await store3.close();
    expect(openrouter.requests.filter((r) => r.path.endsWith(`/videos/${jobId}`)).length).toBe(polls);
    expect(videos()).toHaveLength(1);
    expect(channel()).toHaveLength(2); // the one status message and the one video
  });
});
