/**
 * Video jobs on three real bot processes sharing one Redis (jobs on BullMQ): 100 /video create,
 * one instance killed with SIGKILL while all of them are being polled (none finished), never restarted. The survivors
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
/** Submitted per wave (each wave's interactions answered before the next). */
const WAVE = 20;
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
const polls = () =>
  openrouter.requests.filter((r) => r.method === 'GET' && /^\/videos\/vid_[^/]+$/.test(r.path));

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

/** Consecutive polls of one job less than `ms` apart (job id and gap). */
function pollsTooClose(ms: number): Array<[string, number]> {
  const last = new Map<string, number>();
  const close: Array<[string, number]> = [];
  for (const r of [...polls()].sort((a, b) => a.at - b.at)) {
    const before = last.get(r.path);
    if (before !== undefined && r.at - before < ms) close.push([r.path, r.at - before]);
    last.set(r.path, r.at);
  }
  return close;
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
    // no job finishes before every one was submitted: the kill finds all 100 mid-way
    openrouter.configureVideo({ pollsUntilDone: 1_000_000 });
    // in waves, so each wave's interactions are acknowledged within Discord's 3 s on a loaded machine
    for (let first = 0; first < JOBS; first += WAVE) {
      const wave = Array.from({ length: Math.min(WAVE, JOBS - first) }, (_, n) =>
        discord.slashCommand({
          name: 'video',
          options: [
            {
              name: 'create',
              type: 1,
              options: [{ name: 'prompt', type: 3, value: `clip ${first + n}` }],
            } as never,
          ],
        }),
      );
      await discord
        .waitFor(() => wave.every((h) => channel().some((m) => m.interactionId === h.id)))
        .catch((err: unknown) => {
          const late = discord.requests.filter((r) => r.code === 10062).length;
          throw new Error(
            `${String(err)}\n${late} interaction callbacks too late (10062)\n${fleet.outputs()}`,
          );
        });
    }
    // every job stored (an interrupted submit would rightly be reported as "restarted"); each one
    // now finishes after 5-8 more polls (≥ 1 s: none before the kill), as a single instance polls it
    await fleet.untilTotal('video job submitted', JOBS);
    const ids = fleet.bots.flatMap((b) =>
      logLines(b.output(), 'video job submitted').map((l) => String(l.job)),
    );
    expect(new Set(ids).size).toBe(JOBS);
    let onePoller = 0; // the GET /videos/{id} one instance alone makes
    for (const [n, id] of ids.entries()) {
      const until = openrouter.updateVideo(id, {}).polls + 5 + (n % 4);
      openrouter.updateVideo(id, { pollsUntilDone: until });
      onePoller += until;
    }
    // the victim is an instance that holds jobs (which instance claims each /video is a race)
    const [victim, ...survivors] = [...fleet.bots].sort(
      (a, b) => b.count('video job submitted') - a.count('video job submitted'),
    );
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
    // one poll per step per job, as a single instance makes (≤ 1.1×: a poll cut by the kill repeats)
    expect(polls().length).toBeGreaterThanOrEqual(onePoller);
    expect(polls().length).toBeLessThanOrEqual(Math.ceil(1.1 * onePoller));
    // (the fake finishes a job at its n-th poll whoever makes it, so the count alone cannot show two
    // instances polling one job at once; the spacing does: one instance never polls a job again
    // before the shortest backoff passed, load only lengthens the waits)
    expect(pollsTooClose(Math.floor(0.8 * POLL_MIN_MS))).toEqual([]);
    expect(openrouter.requests.filter((r) => r.method === 'POST' && r.path === '/videos')).toHaveLength(JOBS);
    expect(channel().some((m) => m.content.includes('restarted'))).toBe(false);
    // the victim had jobs; every video came after it was gone, from the survivors, and each
    // delivery is logged exactly once, by the instance that finished it
    expect(victim!.count('video job submitted')).toBeGreaterThan(0);
    expect(posts.filter((m) => Date.parse(m.timestamp) <= goneAt)).toEqual([]);
    expect(logLines(victim!.output(), 'video delivered')).toEqual([]);
    const logged = survivors.flatMap((b) =>
      logLines(b.output(), 'video delivered').map((l) => String(l.job)),
    );
    expect(logged.sort()).toEqual([...ids].sort());

    // takeover: the jobs the victim was running, found stalled by a survivor and polled again
    const takenOver = survivors.flatMap((b) =>
      logLines(b.output(), 'video job taken over from an instance that stopped').map((l) => String(l.job)),
    );
    const after = firstRequestAfter(killedAt, goneAt);
    const takeover = takenOver.map((job) => after.get(job)).filter((ms) => ms !== undefined);
    // jobs the victim stored but had not queued yet: swept up (rare since jobs are queued at once)
    const swept = survivors.flatMap((b) =>
      logLines(b.output(), 'video job was not queued; queued it')
        .filter((l) => Number(l.time) >= killedAt)
        .map((l) => String(l.job)),
    );
    const sweptAfter = swept.map((id) => after.get(id) ?? -1);
    const [slowest] = [...after].sort((x, y) => y[1] - x[1]);
    const trail = openrouter.requests
      .filter((r) => r.path.includes(slowest?.[0] ?? '-'))
      .map((r) => `${r.method} ${r.path.replace(/vid_\w+/, 'id')} @${r.at - killedAt}`);
    process.stdout.write(`slowest ${slowest?.[0]}: ${trail.join(', ')}\n`);
    process.stdout.write(
      `several-video: ${polls().length} polls (one instance: ${onePoller}) for ${JOBS} jobs; ${takenOver.length} running jobs taken over, kill -> first request ${stats(takeover)} [${takeover.join(' ')}]; ${swept.length} unqueued jobs swept up, first request ${stats(sweptAfter)}; every job requested again within ${Math.max(0, ...after.values())} ms (lease ${LEASE_MS} + poll interval ${POLL_MIN_MS}-${POLL_MAX_MS})\n`,
    );
  }, 240_000);
});
