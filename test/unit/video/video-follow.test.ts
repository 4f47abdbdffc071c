/**
 * The follower step by step (no poller, no timers): the real OpenRouter client against the fake,
 * a memory store and hand-written surfaces. Covers the races and outages the e2e tests cannot
 * force deterministically: two pollers delivering at once, a platform offline, a platform that
 * keeps refusing the file, and the per-channel budget for intermediate status edits.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/ops/metrics.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import type { StateStore } from '../../../src/state/store.js';
import type { ReplySurface } from '../../../src/surface/reply-surface.js';
import { createSurfaces, type Surfaces } from '../../../src/surface/surface-factories.js';
import { createVideoDelivery } from '../../../src/video/video-delivery.js';
import { createVideoFollower } from '../../../src/video/video-follow.js';
import { createVideoJobs, type VideoJobRecord, type VideoJobs } from '../../../src/video/video-jobs.js';
import { countedJobs } from '../../../src/video/video-metrics.js';
import { createStatusNotifier } from '../../../src/video/video-notify.js';
import { createFakeSurface, type FakeSurface } from '../../fakes/surface.js';
import { useOpenRouterClient } from '../../helpers/use-fake-openrouter.js';

const KEY = 'sk-or-v1-video-follow-0123456789abcdef';
const logger = pino({ level: 'silent' });
const { openrouter: fake, client } = useOpenRouterClient(KEY, { idleTimeoutMs: 5_000 });
let store: StateStore;
let jobs: VideoJobs;
let surfaces: Surfaces;
let now: number;

beforeEach(() => {
  store = createMemoryStore();
  jobs = createVideoJobs(store);
  surfaces = createSurfaces();
  now = 1_000;
});

function follower(_name: string, leaseMs = 60_000, over: { jobs?: VideoJobs; logger?: pino.Logger } = {}) {
  const use = { jobs: over.jobs ?? jobs, logger: over.logger ?? logger };
  const notifier = createStatusNotifier({}, { surfaces, store, now: () => now, ...use });
  return createVideoFollower(
    { retryMs: 10, leaseMs, giveUpAfterMs: 3_600_000, maxDeliveryFailures: 3 },
    {
      client,
      delivery: createVideoDelivery({}, { client, logger }),
      notifier,
      surfaces,
      now: () => now,
      ...use,
    },
  );
}

/** A logger whose lines are kept (parsed) in `lines`. */
function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

async function submitted(): Promise<VideoJobRecord> {
  const { data } = await client.createVideo({ model: 'google/veo-3.1', prompt: 'a fox' });
  const record: VideoJobRecord = {
    id: data.id,
    model: 'google/veo-3.1',
    prompt: 'a fox',
    userId: 'U1',
    location: { platform: 'discord', channelId: 'C1' },
    statusRef: { id: 'status', channelId: 'C1' },
    createdAt: 0,
    phase: 'following',
    status: 'pending',
    polls: 0,
  };
  await jobs.create(record);
  return record;
}

const uploads = (s: FakeSurface) => s.messages.filter((m) => m.current.files?.length);

/** A FakeSurface whose posts wait until `open()` is called. */
function gatedSurface() {
  const base = createFakeSurface({ channelEditBudget: { edits: 100, windowMs: 1_000 } });
  base.messages.push({ ref: { id: 'status', channelId: 'C1' }, current: { text: '' }, history: [] });
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let entries = 0;
  const waiters = new Map<number, () => void>();
  /** Resolves once `n` posts reached the gate. */
  const entered = (n: number) =>
    n <= entries ? Promise.resolve() : new Promise<void>((resolve) => waiters.set(n, resolve));
  const surface: ReplySurface = {
    ...base,
    async post(message) {
      entries++;
      waiters.get(entries)?.();
      await gate;
      return base.post(message);
    },
  };
  return { base, surface, open, posting: entered(1), entered };
}

describe('video follower', () => {
  it('delivers once when two pollers reach a finished job together', async () => {
    fake.configureVideo({ pollsUntilDone: 1 });
    const job = await submitted();
    const { base, surface, open, posting } = gatedSurface();
    surfaces.register('discord', async () => surface);
    const a = follower('a');
    const b = follower('b');
    const first = a.step(job.id); // polls: completed → claims → starts posting (held at the gate)
    await posting;
    expect(await b.step(job.id)).toEqual({ delayMs: 10 }); // sees "delivering", cannot claim
    open();
    expect(await first).toEqual({ done: true });
    expect(await b.step(job.id)).toEqual({ done: true });
    expect(uploads(base)).toHaveLength(1);
    expect((await jobs.get(job.id))?.phase).toBe('done');
    expect((await jobs.get(job.id))?.delivered).toEqual([0]);
  });

  it('keeps its delivery claim through an upload longer than the lease (renewed, not lost)', async () => {
    fake.configureVideo({ pollsUntilDone: 1 });
    const job = await submitted();
    const { base, surface, open, posting } = gatedSurface();
    surfaces.register('discord', async () => surface);
    const a = follower('a', 400);
    const b = follower('b', 400);
    const first = a.step(job.id);
    await posting;
    // three leases pass while the upload is held: the claim is renewed, so b still cannot take it
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(await b.step(job.id)).toEqual({ delayMs: 10 });
    open();
    expect(await first).toEqual({ done: true });
    expect(uploads(base)).toHaveLength(1);
    // released with its token: the claim is free again
    const token = await jobs.claim(job.id, 1_000);
    expect(token).toBeDefined();
    await jobs.release(job.id, token!);
  });

  it('logs and counts a delivery once when a stalled instance lost its claim and another finished too', async () => {
    fake.configureVideo({ pollsUntilDone: 1 });
    const job = await submitted();
    const { base, surface, open, posting, entered } = gatedSurface();
    surfaces.register('discord', async () => surface);
    const metrics = createMetrics({ processMetrics: false });
    jobs = countedJobs(jobs, metrics);
    const { logger: seen, lines } = capturingLogger();
    // a: an instance whose renewals stop (its event loop held up) while it posts; its claim lapses
    const a = follower('a', 30, { jobs: { ...jobs, extend: async () => false }, logger: seen });
    const b = follower('b', 60_000, { logger: seen });
    const first = a.step(job.id);
    await posting;
    await new Promise((resolve) => setTimeout(resolve, 60)); // a's 30 ms claim runs out
    const second = b.step(job.id); // claims the lapsed delivery and posts the same output again
    await entered(2);
    open();
    expect(await Promise.all([first, second])).toEqual([{ done: true }, { done: true }]);
    // both posted (on Discord the shared nonce returns the first message to the second post)
    expect(uploads(base)).toHaveLength(2);
    expect(lines.filter((l) => l.msg === 'video delivered')).toHaveLength(1);
    expect(await metrics.registry.metrics()).toContain('switchboard_video_jobs_total{state="delivered"} 1');
  });

  it('leaves the status message to the instance still posting it, and posts one once it is overdue', async () => {
    fake.configureVideo({ pollsUntilDone: 10 });
    const job = await submitted();
    await jobs.update(job.id, () => ({ statusRef: undefined, statusPostingAt: now }));
    const surface = createFakeSurface();
    surfaces.register('discord', async () => surface);
    const f = follower('a');
    expect(await f.step(job.id)).toEqual({});
    expect(surface.messages).toHaveLength(0); // the submitting instance is posting it
    now += 30_000; // its instance never finished: taken for dead
    expect(await f.step(job.id)).toEqual({});
    expect(surface.messages).toHaveLength(1);
    expect((await jobs.get(job.id))?.statusRef).toEqual(surface.messages[0]?.ref);
  });

  it('keeps a finished job while its platform is offline, and posts it once it is back', async () => {
    fake.configureVideo({ pollsUntilDone: 1 });
    const job = await submitted();
    const f = follower('a');
    expect(await f.step(job.id)).toEqual({ delayMs: 10 });
    expect((await jobs.get(job.id))?.phase).toBe('delivering');
    const surface = createFakeSurface();
    surface.messages.push({ ref: { id: 'status', channelId: 'C1' }, current: { text: '' }, history: [] });
    surfaces.register('discord', async () => surface);
    expect(await f.step(job.id)).toEqual({ done: true });
    expect(uploads(surface)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.endsWith(`/videos/${job.id}`))).toHaveLength(1); // no extra status polls while waiting
  });

  it('gives up a finished job whose channel stays unreachable past the give-up time', async () => {
    fake.configureVideo({ pollsUntilDone: 1 });
    const job = await submitted();
    const f = follower('a');
    expect(await f.step(job.id)).toEqual({ delayMs: 10 }); // no surface for discord yet
    now += 3_600_000 + 1_000;
    expect(await f.step(job.id)).toEqual({ done: true });
    expect((await jobs.get(job.id))?.phase).toBe('done');
    expect(await jobs.unfinished()).toEqual([]); // not resumed after a restart either
  });

  it('gives up uploading after three refusals and links the video instead', async () => {
    fake.configureVideo({ pollsUntilDone: 1 });
    const job = await submitted();
    const surface = createFakeSurface();
    surface.messages.push({ ref: { id: 'status', channelId: 'C1' }, current: { text: '' }, history: [] });
    surfaces.register('discord', async () => ({
      ...surface,
      post: async () => {
        throw new Error('Request entity too large');
      },
    }));
    const f = follower('a');
    await expect(f.step(job.id)).rejects.toThrow('too large');
    await expect(f.step(job.id)).rejects.toThrow('too large');
    expect(await f.step(job.id)).toEqual({ done: true });
    const status = surface.messages[0]?.current.text ?? '';
    expect(status).toContain('Could not post the video here. Links: http://127.0.0.1:');
  });

  it('marks a job OpenRouter no longer knows as failed, with the reason', async () => {
    const job = await submitted();
    fake.reset(); // the fake forgets every job
    const surface = createFakeSurface();
    surface.messages.push({ ref: { id: 'status', channelId: 'C1' }, current: { text: '' }, history: [] });
    surfaces.register('discord', async () => surface);
    expect(await follower('a').step(job.id)).toEqual({ done: true });
    expect(surface.messages[0]?.current.text).toContain('Why: OpenRouter no longer knows this job.');
  });

  it('stops waiting for a job that never finishes, and says so', async () => {
    fake.configureVideo({ pollsUntilDone: 1_000 });
    const job = await submitted();
    const surface = createFakeSurface();
    surface.messages.push({ ref: { id: 'status', channelId: 'C1' }, current: { text: '' }, history: [] });
    surfaces.register('discord', async () => surface);
    const f = follower('a');
    expect(await f.step(job.id)).toEqual({});
    now = 3_600_001;
    expect(await f.step(job.id)).toEqual({ done: true });
    expect(surface.messages[0]?.current.text).toContain(
      '⌛ Expired · after 1 h 00 min\nWhy: it did not finish in time, so the bot stopped waiting. Nothing was delivered',
    );
  });

  it('spends at most all but one of the channel edit budget on intermediate updates', async () => {
    const surface = createFakeSurface({ channelEditBudget: { edits: 5, windowMs: 5_000 } });
    surface.messages.push({ ref: { id: 'status', channelId: 'C1' }, current: { text: '' }, history: [] });
    surfaces.register('discord', async () => surface);
    const notifier = createStatusNotifier({}, { surfaces, jobs, store, logger, now: () => now });
    const job = await submitted();
    for (let i = 0; i < 10; i++) await notifier.show(job);
    expect(surface.messages[0]?.history).toHaveLength(4);
    await notifier.show({ ...job, phase: 'done', status: 'failed' }, { final: true });
    expect(surface.messages[0]?.history).toHaveLength(5);
    now += 5_001;
    await notifier.show(job);
    expect(surface.messages[0]?.history).toHaveLength(6);
  });
});
