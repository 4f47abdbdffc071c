/**
 * 500 video jobs in flight: how many status requests each job costs per minute, and how much CPU
 * following them takes. Two runs, printed as a table:
 *  1. the poller loop alone on a manual clock (no I/O): 30 simulated minutes in well under a second;
 *  2. the whole follow loop — poller, real OpenRouter client, state store, status edits — against the
 *     fake OpenRouter in a process of its own, on the real schedule (5 s growing to 30 s) run
 *     BENCH_SPEED times faster by an injected clock (default 30x: 10 simulated minutes in ~20 s).
 * Run: node --import tsx test/bench/video-poller.ts   (or npm run bench:video)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createOpenRouterClient, type OpenRouterClient } from '../../src/openrouter/index.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import type { ReplySurface } from '../../src/surface/reply-surface.js';
import { createSurfaces } from '../../src/surface/surface-factories.js';
import { createVideoPoller, type PollerClock } from '../../src/video/video-poller.js';
import { createVideoService } from '../../src/video/video-service.js';
import { createManualClock } from '../helpers/manual-clock.js';

const JOBS = Number(process.env.BENCH_JOBS ?? 500);
const SPEED = Number(process.env.BENCH_SPEED ?? 30);
const SIM_MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const SCHEDULE = { minMs: 5_000, maxMs: 30_000, maxConcurrent: 8 };
const KEY = 'sk-or-v1-video-bench';
const MIN = 60_000;

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

interface Row {
  run: string;
  jobs: number;
  simMinutes: number;
  requests: number;
  perJobPerMin: string;
  steadyPerJobPerMin: string;
  peakInFlight: number;
  cpuMs: number;
  cpuMsPerSimMin: string;
  wallMs: number;
}

async function loopOnly(): Promise<Row> {
  const clock = createManualClock(0, 1);
  const polls: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const poller = createVideoPoller(SCHEDULE, {
    clock,
    poll: async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      polls.push(clock.now());
      await Promise.resolve();
      inFlight--;
      return {};
    },
  });
  const minutes = 30;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < JOBS; i++) poller.add(`job-${i}`);
  for (let m = 0; m < minutes; m++) await clock.advance(MIN);
  const row = summary('poller loop only (manual clock)', polls, minutes, peak, cpuMs(cpu), wall);
  await poller.stop();
  return row;
}

function summary(run: string, at: number[], minutes: number, peak: number, cpu: number, wall: number): Row {
  const steady = at.filter((t) => t >= 2 * MIN).length / JOBS / (minutes - 2);
  return {
    run,
    jobs: JOBS,
    simMinutes: minutes,
    requests: at.length,
    perJobPerMin: (at.length / JOBS / minutes).toFixed(2),
    steadyPerJobPerMin: steady.toFixed(2),
    peakInFlight: peak,
    cpuMs: Math.round(cpu),
    cpuMsPerSimMin: (cpu / minutes).toFixed(1),
    wallMs: Math.round(performance.now() - wall),
  };
}

async function spawnFake(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('./video-fake-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, BENCH_API_KEY: KEY },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return {
    baseUrl: (JSON.parse(line) as { baseUrl: string }).baseUrl,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function scaledClock(speed: number): PollerClock {
  const t0 = Date.now();
  const p0 = performance.now();
  return {
    now: () => t0 + (performance.now() - p0) * speed,
    setTimeout: (fn, ms) => setTimeout(fn, ms / speed),
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
}

function countingSurface(): ReplySurface & { edits: number } {
  let n = 0;
  const surface = {
    location: { platform: 'discord' as const, channelId: 'C1' },
    limits: {
      maxMessageChars: 2000,
      maxUploadBytes: 10 * 1024 * 1024,
      minEditIntervalMs: 0,
      channelEditBudget: { edits: 5, windowMs: 5000 },
    },
    edits: 0,
    async post() {
      return { id: `m${++n}`, channelId: 'C1' };
    },
    async edit() {
      surface.edits++;
    },
  };
  return surface;
}

async function fullLoop(): Promise<Row & { edits: number }> {
  const fake = await spawnFake();
  const raw = createOpenRouterClient({
    baseUrl: fake.baseUrl,
    apiKey: KEY,
    appTitle: 'bench',
    appCategories: [],
    connectTimeoutMs: 5_000,
    firstByteTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    maxRetries: 0,
  });
  const clock = scaledClock(SPEED);
  const start = clock.now();
  const polls: number[] = [];
  let inFlight = 0;
  let peak = 0;
  // a decorator counting status requests and how many are in flight at once
  const client: OpenRouterClient = {
    ...raw,
    async getVideo(id, opts) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      polls.push(clock.now() - start);
      try {
        return await raw.getVideo(id, opts);
      } finally {
        inFlight--;
      }
    },
  };
  const surfaces = createSurfaces();
  const surface = countingSurface();
  surfaces.register('discord', async () => surface);
  const video = createVideoService(
    {
      defaultModel: 'google/veo-3.1',
      pollMinMs: SCHEDULE.minMs,
      pollMaxMs: SCHEDULE.maxMs,
      maxConcurrentPolls: SCHEDULE.maxConcurrent,
      maxImageBytes: 1,
    },
    { client, store: createMemoryStore(), surfaces, logger: pino({ level: 'silent' }), clock },
  );
  for (let i = 0; i < JOBS; i++)
    await video.submit({ options: { prompt: `job ${i}` }, reply: surface, userId: 'U1' });
  const cpu = process.cpuUsage();
  const wall = performance.now();
  polls.length = 0;
  surface.edits = 0;
  const t0 = clock.now() - start;
  await new Promise((resolve) => setTimeout(resolve, (SIM_MINUTES * MIN) / SPEED));
  const cpuUsed = cpuMs(cpu);
  const at = polls.map((t) => t - t0);
  const row = summary(`full follow loop (${SPEED}x clock)`, at, SIM_MINUTES, peak, cpuUsed, wall);
  await video.close();
  await raw.close();
  await fake.stop();
  return { ...row, edits: surface.edits };
}

const rows = [await loopOnly(), await fullLoop()];
console.table(rows);
console.log(
  'Expected from the schedule: polls at ~5, 12.5, 23.8, 40.6 s … (4 in the first minute), then one per 24-30 s ' +
    '(≈2.2 per job per minute). CPU per simulated minute is what following 500 jobs costs per real minute.',
);
