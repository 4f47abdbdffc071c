/**
 * Video jobs on three real bot processes sharing one Redis (jobs on BullMQ): 40 /video create,
 * one instance killed with SIGKILL while the jobs are being polled and never restarted. The survivors
 * take its jobs over; every video is posted exactly once; the total number of polls stays what one
 * instance would make; nobody is told "the bot restarted".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { RedisFixture } from '../helpers/redis.js';
import { closeDiscordFleet, startDiscordFleet } from './discord-fleet.js';
import type { BotFleet } from './instances-harness.js';

const KEY = 'sk-or-v1-several-video-0123456789abcdef';
// 40 jobs keep three processes within what a loaded 2-core CI machine follows in time (100 pass when idle)
const JOBS = 40;
const POLLS_UNTIL_DONE = 5;
const LEASE_MS = 3_000;
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
      VIDEO_POLL_MIN_MS: '300',
      VIDEO_POLL_MAX_MS: String(POLL_MAX_MS),
      VIDEO_MAX_CONCURRENT_POLLS: '20',
      VIDEO_LEASE_MS: String(LEASE_MS),
    },
  }));
}, 90_000);

afterAll(() => closeDiscordFleet({ fleet, discord, openrouter, redis }));

const channel = () => discord.messages(discord.channelId);
const polls = () => openrouter.requests.filter((r) => r.method === 'GET' && /^\/videos\/[^/]+$/.test(r.path));

/** The longest wait between two polls of one job after `from` (ms). */
function longestPollGap(from: number): number {
  const byJob = new Map<string, number[]>();
  for (const r of polls()) byJob.set(r.path, [...(byJob.get(r.path) ?? []), r.at]);
  let longest = 0;
  for (const times of byJob.values())
    for (let i = 1; i < times.length; i++)
      if (times[i]! > from) longest = Math.max(longest, times[i]! - Math.max(times[i - 1]!, from));
  return longest;
}

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
    // every job submitted and followed, none finished yet: now one instance dies
    await discord.waitFor(() => handles.every((h) => channel().some((m) => m.interactionId === h.id)));
    const [victim, ...survivors] = fleet.bots;
    await discord.waitFor(() => polls().length >= JOBS);
    const killedAt = Date.now();
    expect(await victim!.stop('SIGKILL')).toBeNull();

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
      const file = m.attachments[0]?.filename ?? '';
      perJob.set(file, (perJob.get(file) ?? 0) + 1);
    }
    const twice = [...perJob].filter(([, n]) => n > 1).map(([file]) => file);
    if (twice.length > 0) {
      const job = /video-(vid_[^-]+)/.exec(twice[0] ?? '')?.[1] ?? '?';
      const lines = fleet.bots.map(
        (b) =>
          `${b.name}: ${b
            .output()
            .split('\n')
            .filter((l) => l.includes(job))
            .join('\n')}`,
      );
      process.stdout.write(`posted twice: ${twice.join(', ')}\n${lines.join('\n')}\n`);
    }
    expect(posts).toHaveLength(JOBS);
    expect([...perJob.values()].every((n) => n === 1)).toBe(true);
    expect(perJob.size).toBe(JOBS);
    // one poll per step per job, as a single instance makes (≤ 1.1×: a stalled poll may repeat once)
    expect(polls().length).toBeGreaterThanOrEqual(JOBS * POLLS_UNTIL_DONE);
    expect(polls().length).toBeLessThanOrEqual(Math.ceil(1.1 * JOBS * POLLS_UNTIL_DONE));
    expect(openrouter.requests.filter((r) => r.method === 'POST' && r.path === '/videos')).toHaveLength(JOBS);
    expect(channel().some((m) => m.content.includes('restarted'))).toBe(false);
    // the victim had jobs, and the survivors delivered them
    expect(victim!.count('video job submitted')).toBeGreaterThan(0);
    // videos posted after the kill can only come from the survivors
    const afterKill = posts.filter((m) => Date.parse(m.timestamp) > killedAt);
    expect(afterKill.length).toBeGreaterThan(0);
    process.stdout.write(
      `several-video: ${polls().length} polls for ${JOBS} jobs x ${POLLS_UNTIL_DONE}; longest poll gap after the kill ${longestPollGap(killedAt)} ms (lease ${LEASE_MS} + max poll ${POLL_MAX_MS})\n`,
    );
  }, 240_000);
});
