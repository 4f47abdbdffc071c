/**
 * Video jobs on three real bot processes sharing one Redis (jobs on BullMQ): 100 /video create,
 * one instance killed with SIGKILL while the jobs are being polled and never restarted. The survivors
 * take its jobs over; every video is posted exactly once and its delivery logged once; the total
 * number of polls stays what one instance would make; nobody is told "the bot restarted". The
 * takeover time (kill → first request for a job the dead instance was running) is printed, not
 * asserted (no timing thresholds in tests): docs/several-instances.md gives the figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { RedisFixture } from '../helpers/redis.js';
import { closeDiscordFleet, startDiscordFleet } from './discord-fleet.js';
import type { BotFleet, BotProcess } from './instances-harness.js';

const KEY = 'sk-or-v1-several-video-0123456789abcdef';
const JOBS = 100;
const POLLS_UNTIL_DONE = 5;
const LEASE_MS = 3_000;
const POLL_MIN_MS = 300;
const POLL_MAX_MS = 800;
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
let fleet: BotFleet;

beforeAll(async () => {
  ({ redis, openrouter, discord, fleet } = await startDiscordFleet({
    key: KEY,
    instances: ['a', 'b', 'c'],
    waitMs: 90_000,
    env: {
      EXPENSIVE_PER_HOUR: '0',
      VIDEO_POLL_MIN_MS: String(POLL_MIN_MS),
      VIDEO_POLL_MAX_MS: String(POLL_MAX_MS),
      VIDEO_MAX_CONCURRENT_POLLS: '20',
      VIDEO_LEASE_MS: String(LEASE_MS),
    },
  }));
}, 90_000);

afterAll(() => closeDiscordFleet({ fleet, discord, openrouter, redis }));

const channel = () => discord.messages(discord.channelId);
const polls = () => openrouter.requests.filter((r) => r.method === 'GET' && /^\/videos\/[^/]+$/.test(r.path));

/** The job id in a request path (`/videos/{id}` or `/videos/{id}/content`). */
const jobOf = (path: string) => /^\/videos\/([^/]+)/.exec(path)?.[1];

/** For each job, how long after `from` its first request to OpenRouter at or after `since` came (ms). */
function firstRequestAfter(from: number, since: number): Map<string, number> {
  const first = new Map<string, number>();
  for (const r of openrouter.requests) {
    const job = r.method === 'GET' ? jobOf(r.path) : undefined;
    if (job && job !== 'models' && r.at >= since && !first.has(job)) first.set(job, r.at - from);
  }
  return first;
}

/** Resolves when `bot` next logs OpenRouter's answer to a poll (debug line), i.e. it is mid-poll. */
function victimPolling(bot: BotProcess): Promise<void> {
  const mark = bot.output().length;
  return new Promise((resolve) => {
    const check = () => {
      if (!bot.output().slice(mark).includes('"path":"/videos/vid_')) return;
      off();
      resolve();
    };
    const off = bot.onOutput(check);
    check();
  });
}

/** The JSON log lines with message `msg` in one process's output. */
function logLines(output: string, msg: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((l) => l.includes(`"msg":"${msg}"`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 'none' : `min ${s[0]} / median ${s[Math.floor(s.length / 2)]} / max ${s.at(-1)} ms`;
};

describe('video jobs on three instances', () => {
  it('survive kill -9 of one instance: each video posted once, polls as for one instance', async () => {
    openrouter.configureVideo({ pollsUntilDone: POLLS_UNTIL_DONE });
    const handles = Array.from({ length: JOBS }, (_, n) =>
      discord.slashCommand({
        name: 'video',
        options: [
          { name: 'create', type: 1, options: [{ name: 'prompt', type: 3, value: `clip ${n}` }] } as never,
        ],
      }),
    );
    // every job submitted (stored: an interrupted submit would rightly be reported as "restarted"),
    // and each polled about once: now one instance dies
    await discord.waitFor(() => handles.every((h) => channel().some((m) => m.interactionId === h.id)));
    await fleet.untilTotal('video job submitted', JOBS);
    const [victim, ...survivors] = fleet.bots;
    await discord.waitFor(() => polls().length >= JOBS);
    // the kill lands while the victim is inside a poll (it just had OpenRouter's answer) when it can
    await victimPolling(victim!);
    const killedAt = Date.now();
    expect(await victim!.stop('SIGKILL')).toBeNull();
    const goneAt = Date.now();

    const videos = () => channel().filter((m) => m.attachments.length > 0);
    await discord
      .waitFor(() => videos().length >= JOBS, 120_000)
      .catch((err: unknown) => {
        throw new Error(`${String(err)}\n${fleet.outputs()}`);
      });
    expect(await Promise.all(survivors.map((b) => b.stop('SIGTERM')))).toEqual([0, 0]);

    const posts = videos();
    const perJob = new Map<string, number>();
    for (const m of posts) {
      const job = /video-(vid_[^-]+)/.exec(m.attachments[0]?.filename ?? '')?.[1] ?? '?';
      perJob.set(job, (perJob.get(job) ?? 0) + 1);
    }
    expect(posts).toHaveLength(JOBS);
    expect([...perJob].filter(([, n]) => n > 1)).toEqual([]);
    expect(perJob.size).toBe(JOBS);
    // one poll per step per job, as a single instance makes (≤ 1.1×: a stalled poll may repeat once)
    expect(polls().length).toBeGreaterThanOrEqual(JOBS * POLLS_UNTIL_DONE);
    expect(polls().length).toBeLessThanOrEqual(Math.ceil(1.1 * JOBS * POLLS_UNTIL_DONE));
    expect(openrouter.requests.filter((r) => r.method === 'POST' && r.path === '/videos')).toHaveLength(JOBS);
    expect(channel().some((m) => m.content.includes('restarted'))).toBe(false);
    // the victim had jobs, and the survivors delivered videos after it was gone
    expect(victim!.count('video job submitted')).toBeGreaterThan(0);
    expect(posts.filter((m) => Date.parse(m.timestamp) > goneAt).length).toBeGreaterThan(0);

    // every delivery is logged once, by the instance that finished it; only a line the victim was
    // writing as it was killed may be missing, so a video posted after it was gone has its line
    const lines = (bots: typeof fleet.bots) =>
      bots.flatMap((b) => logLines(b.output(), 'video delivered').map((l) => String(l.job)));
    const logged = new Map<string, number>();
    for (const job of lines(fleet.bots)) logged.set(job, (logged.get(job) ?? 0) + 1);
    expect([...logged].filter(([, n]) => n > 1)).toEqual([]);
    const bySurvivors = new Set(lines(survivors));
    const postedAfter = posts.filter((m) => Date.parse(m.timestamp) > goneAt);
    const unlogged = postedAfter
      .map((m) => /video-(vid_[^-]+)/.exec(m.attachments[0]?.filename ?? '')?.[1] ?? '?')
      .filter((job) => !bySurvivors.has(job));
    expect(unlogged).toEqual([]);

    // takeover: the jobs the victim was running, found stalled by a survivor and polled again
    const takenOver = survivors.flatMap((b) =>
      logLines(b.output(), 'video job taken over from an instance that stopped').map((l) => String(l.job)),
    );
    const after = firstRequestAfter(killedAt, goneAt);
    const takeover = takenOver.map((job) => after.get(job)).filter((ms) => ms !== undefined);
    const [slowest] = [...after].sort((x, y) => y[1] - x[1]);
    const trail = openrouter.requests
      .filter((r) => r.path.includes(slowest?.[0] ?? '-'))
      .map((r) => `${r.method} ${r.path.replace(/vid_\w+/, 'id')} @${r.at - killedAt}`);
    process.stdout.write(`slowest ${slowest?.[0]}: ${trail.join(', ')}\n`);
    process.stdout.write(
      `several-video: ${polls().length} polls for ${JOBS} jobs x ${POLLS_UNTIL_DONE}; ${takenOver.length} running jobs taken over, kill -> first request ${stats(takeover)}; every unfinished job requested again within ${Math.max(0, ...after.values())} ms (lease ${LEASE_MS} + poll interval ${POLL_MIN_MS}-${POLL_MAX_MS})\n`,
    );
  }, 240_000);
});
