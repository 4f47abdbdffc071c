/**
 * Peak memory while downloading a 25 MB speech answer from the fake OpenRouter (own process):
 * our client streaming the body to a file, next to the buffering pattern (`fetch` +
 * `arrayBuffer()`) most bot code uses. Run: `npm run bench:heap` (needs --expose-gc, set there).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createOpenRouterClient } from '../../src/openrouter/index.js';
import { spawnFake } from './spawn-fake.js';

const SIZE = 25 * 1024 * 1024;
const API_KEY = 'sk-or-v1-bench';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:heap does)');

/** Runs `task`, sampling heap + array buffers on every tick; returns the peak above the start. */
async function peak(task: (sample: () => void) => Promise<void>): Promise<number> {
  gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let max = base;
  const sample = () => {
    const now = used();
    if (now > max) max = now;
  };
  const timer = setInterval(sample, 1);
  try {
    await task(sample);
  } finally {
    clearInterval(timer);
  }
  sample();
  return max - base;
}

const fake = await spawnFake({ BENCH_API_KEY: API_KEY, BENCH_SPEECH_BYTES: String(SIZE) });
const dir = await mkdtemp(join(tmpdir(), 'sb-heap-'));
const client = createOpenRouterClient({
  baseUrl: fake.baseUrl,
  apiKey: API_KEY,
  appCategories: [],
  connectTimeoutMs: 5_000,
  firstByteTimeoutMs: 10_000,
  idleTimeoutMs: 10_000,
  maxRetries: 0,
});
const request = { model: 'openai/gpt-4o-mini-tts', input: 'hello', voice: 'alloy' };
try {
  const rows: Array<[string, number]> = [];
  for (let round = 0; round < 3; round++) {
    rows.push([
      'switchboard client (stream to file)',
      await peak(async (sample) => {
        const audio = await client.createSpeech(request, { maxBytes: SIZE + 1 });
        let bytes = 0;
        async function* counted() {
          for await (const chunk of audio.body) {
            bytes += chunk.byteLength;
            sample();
            yield chunk;
          }
        }
        await pipeline(counted, createWriteStream(join(dir, 'speech.mp3')));
        if (bytes !== SIZE) throw new Error(`got ${bytes} bytes`);
      }),
    ]);
    rows.push([
      'fetch + arrayBuffer() (buffers whole)',
      await peak(async (sample) => {
        const res = await fetch(`${fake.baseUrl}/audio/speech`, {
          method: 'POST',
          headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        const buf = await res.arrayBuffer();
        sample();
        if (buf.byteLength !== SIZE) throw new Error(`got ${buf.byteLength} bytes`);
      }),
    ]);
  }
  const best = new Map<string, number>();
  for (const [name, bytes] of rows) best.set(name, Math.min(best.get(name) ?? Infinity, bytes));
  console.log(`Peak heap + array buffers above baseline, 25 MB speech download (best of 3):`);
  for (const [name, bytes] of best)
    console.log(`  ${name.padEnd(40)} ${(bytes / 1024 / 1024).toFixed(1)} MB`);
} finally {
  await client.close();
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
}
