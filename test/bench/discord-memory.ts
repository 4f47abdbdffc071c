/**
 * Resident memory of the Discord bot process (core + discord.js, started through tsx as `npm start`
 * does): idle with an empty SQLite store, idle with 1,000 stored conversations (before and after
 * reading every one), and with 200 `/chat` answers streaming slowly at once. Each measurement runs
 * in a fresh bot process; the fake Discord and fake OpenRouter run in a process of their own so
 * their memory is not counted. Run: `npm run bench:discord-memory` (needs --expose-gc, set there).
 *
 *   (no args)              orchestrate: fill a store, run each scenario in a child, print the table
 *   --fill DIR N           store N conversations in DIR's SQLite file (own process)
 *   --bot DIR SCENARIO     boot the bot on DIR and measure SCENARIO (idle | touch | streams)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConversationStore } from '../../src/conversations/conversation-store.js';
import type { Conversation, Turn } from '../../src/conversations/types.js';
import { createStateStore } from '../../src/state/create-state-store.js';
import { bootBot, spawnFakes, table } from './discord-fakes.js';

const CONVERSATIONS = 1_000;
const STREAMS = 200;
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:discord-memory does)');

interface Sample {
  rss: number;
  heapUsed: number;
}
type Result = Record<string, Sample | number>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One state's memory: RSS as the process holds it (median of samples over 1.5 s, no forced
 * collection: a forced GC can hand pages back and make RSS jump around), then the heap that is
 * actually live (used after two full collections).
 */
async function settled(): Promise<Sample> {
  const rss: number[] = [];
  for (let i = 0; i < 30; i++) {
    rss.push(process.memoryUsage.rss());
    await sleep(50);
  }
  rss.sort((a, b) => a - b);
  gc?.();
  await sleep(100);
  gc?.();
  return { rss: rss[rss.length >> 1] as number, heapUsed: process.memoryUsage().heapUsed };
}

const words = (n: number, seed: number) =>
  Array.from(
    { length: n },
    (_, i) => ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'fox'][(i + seed) % 6],
  ).join(' ');

/** A realistic conversation: 4 questions, 4 answers (≈ 6 KB of text), footer data on the answers. */
function conversation(i: number): Conversation {
  const threadId = String(600_000_000_000_000_000n + BigInt(i));
  const turns: Turn[] = [];
  for (let t = 0; t < 8; t++) {
    const user = t % 2 === 0;
    turns.push({
      role: user ? 'user' : 'assistant',
      parts: [{ type: 'text', text: words(user ? 40 : 200, i + t) }],
      ...(user
        ? { authorId: String(300_000_000_000_000_000n + BigInt(i)), authorName: `user${i}` }
        : {
            model: 'openai/gpt-4o-mini',
            generationId: `gen-${i}-${t}`,
            usage: { promptTokens: 300, completionTokens: 250, totalTokens: 550, cost: 0.0002 },
          }),
      status: 'complete',
      at: Date.now() - (8 - t) * 60_000,
    });
  }
  return {
    key: `discord:thread:${threadId}`,
    ownerId: String(300_000_000_000_000_000n + BigInt(i)),
    platform: 'discord',
    channelId: '200000000000000002',
    serverId: '200000000000000001',
    threadId,
    createdAt: Date.now() - 3_600_000,
    turns,
  };
}

async function fill(dir: string, n: number): Promise<void> {
  const store = await createStateStore({ dataDir: dir });
  const conversations = createConversationStore(store);
  for (let i = 0; i < n; i++) {
    const c = conversation(i);
    await conversations.update(c.key, () => c);
  }
  await store.close();
}

async function bot(dir: string, scenario: string): Promise<Result> {
  const fakes = await spawnFakes();
  const store = await createStateStore({ dataDir: dir });
  const bench = await bootBot(fakes, { store, env: { STREAM_EDIT_INTERVAL_MS: '1000' } });
  const out: Result = { idle: await settled() };
  try {
    if (scenario === 'touch') {
      for (let i = 0; i < CONVERSATIONS; i++) {
        const got = await bench.app.services.conversations.get(conversation(i).key);
        if (got?.turns.length !== 8) throw new Error(`conversation ${i} not stored`);
      }
      out.touched = await settled();
    }
    if (scenario === 'streams') {
      let peak: Sample = { rss: 0, heapUsed: 0 };
      const timer = setInterval(() => {
        const m = process.memoryUsage();
        peak = { rss: Math.max(peak.rss, m.rss), heapUsed: Math.max(peak.heapUsed, m.heapUsed) };
      }, 50);
      // every answer streams its first chunk, then the fake holds it: all 200 stay in flight until
      // released, then stream the remaining ~1,500 characters over ~7 s at the real edit interval
      const reply = { text: 'token '.repeat(250), chunkSize: 10, chunkDelayMs: 50, hold: true };
      const started = Date.now();
      await fakes.call({ op: 'burst', spec: { count: STREAMS, prompt: 'tell me a long story', reply } });
      while (bench.app.services.streams.size < STREAMS) {
        if (Date.now() - started > 90_000) throw new Error(`only ${bench.app.services.streams.size} streams`);
        await sleep(100);
      }
      out.allStreamingAfterMs = Date.now() - started;
      out.inFlight = await settled();
      out.streamsAtSample = bench.app.services.streams.size;
      out.upstreamRequests = await fakes.call({ op: 'inFlight' });
      await fakes.call({ op: 'release' });
      const done = await fakes.call({ op: 'finished', timeoutMs: 150_000 });
      clearInterval(timer);
      out.peak = peak;
      out.finished = done.finished;
      out.failed = done.failed;
      out.lastFinishedMs = done.lastFinishedMs;
      out.after = await settled();
      // what discord.js keeps after the answers are done (no cache limits or sweepers are configured)
      out.cachedChannels = bench.client.channels.cache.size;
      out.cachedMessages = bench.client.channels.cache.reduce(
        (n, c) => n + ('messages' in c ? c.messages.cache.size : 0),
        0,
      );
    }
  } finally {
    await bench.stop();
    await store.close();
    await fakes.stop();
  }
  return out;
}

/** Runs this file in a fresh process (same node flags) and returns its last stdout line as JSON. */
function child(args: string[]): Promise<Result> {
  const self = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, [...process.execArgv, self, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return new Promise((resolve, reject) => {
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`));
      const last = stdout.trim().split('\n').at(-1) ?? '{}';
      resolve(JSON.parse(last) as Result);
    });
  });
}

async function orchestrate(): Promise<void> {
  const empty = await mkdtemp(join(tmpdir(), 'sb-mem-empty-'));
  const filled = await mkdtemp(join(tmpdir(), 'sb-mem-filled-'));
  try {
    await child(['--fill', filled, String(CONVERSATIONS)]);
    const idleEmpty = await child(['--bot', empty, 'idle']);
    const touch = await child(['--bot', filled, 'touch']);
    const streams = await child(['--bot', filled, 'streams']);
    const mb = (s: Result[string] | undefined) => {
      const v = s as Sample;
      return [(v.rss / MB).toFixed(1), (v.heapUsed / MB).toFixed(1)];
    };
    const rows = [
      ['bot idle, empty SQLite store', ...mb(idleEmpty.idle)],
      [`bot idle, ${CONVERSATIONS.toLocaleString('en-US')} stored conversations`, ...mb(touch.idle)],
      [`… after reading all ${CONVERSATIONS.toLocaleString('en-US')} once`, ...mb(touch.touched)],
      [`${STREAMS} /chat answers in flight at once`, ...mb(streams.inFlight)],
      [`${STREAMS} answers: peak (sampled every 50 ms, heap incl. garbage)`, ...mb(streams.peak)],
      [`after all ${STREAMS} finished`, ...mb(streams.after)],
    ];
    console.log(
      `\nDiscord bot process memory (fresh process per scenario, fakes in their own process):\n` +
        table(['state', 'RSS MB', 'heap used MB (live, after GC)'], rows) +
        `\n${STREAMS} streams: all streaming ${((streams.allStreamingAfterMs as number) / 1000).toFixed(1)} s ` +
        `after the burst (${streams.streamsAtSample} at the sample, ${streams.upstreamRequests} upstream requests); ${streams.finished} finished, ` +
        `${streams.failed} failed, last after ${((streams.lastFinishedMs as number) / 1000).toFixed(1)} s; ` +
        `discord.js then caches ${streams.cachedChannels} channels and ${streams.cachedMessages} messages\n`,
    );
  } finally {
    await rm(empty, { recursive: true, force: true });
    await rm(filled, { recursive: true, force: true });
  }
}

const [mode, dir, arg] = process.argv.slice(2);
if (mode === '--fill') {
  await fill(dir!, Number(arg));
  console.log('{}');
} else if (mode === '--bot') {
  console.log(JSON.stringify(await bot(dir!, arg!)));
} else {
  await orchestrate();
}
process.exit(0);
