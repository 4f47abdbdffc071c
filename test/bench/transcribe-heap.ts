/**
 * Peak memory (heap + array buffers above baseline) while reading an audio attachment and
 * base64-encoding it for `input_audio`, for 1, 10 and 25 MB files: read-audio.ts (declared size →
 * one preallocated buffer; undeclared → grown by doubling) next to the usual pattern (collect
 * chunks, Buffer.concat, toString). Prints a Markdown table. Run: `npm run bench:voice-heap`.
 * Transcription itself no longer encodes the whole file (it streams the upload, src/openrouter/streamed-json.ts);
 * its memory is measured as the bot process's RSS by test/bench/bot-rss.ts.
 */
import type { Attachment } from '../../src/command-model/command-types.js';
import { readAudioBase64 } from '../../src/media/read-audio.js';
import { streamedWavAttachment } from '../helpers/audio.js';

const MB = 1024 * 1024;
const SIZES = [1, 10, 25];
const ROUNDS = 3;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:voice-heap does)');

/** Two measures: heap + array buffers (as speech-heap.ts), and heap + all external memory, which
 * also counts large strings Node keeps off the V8 heap (a big base64 string is one of them). */
const measures = {
  'heap + arrayBuffers': (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers,
  'heap + external (incl. off-heap strings)': (m: NodeJS.MemoryUsage) => m.heapUsed + m.external,
};
type Measure = keyof typeof measures;
type Peaks = Record<Measure, number>;

/** Runs `task` with a sampler (called per chunk and on a 1 ms timer); returns the peaks above start. */
async function peak(task: (sample: () => void) => Promise<number>, expectedChars: number): Promise<Peaks> {
  gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  gc?.();
  const names = Object.keys(measures) as Measure[];
  const read = () => {
    const m = process.memoryUsage();
    return names.map((n) => measures[n](m));
  };
  const base = read();
  const max = [...base];
  const sample = () => {
    read().forEach((v, i) => {
      max[i] = Math.max(max[i]!, v);
    });
  };
  const timer = setInterval(sample, 1);
  try {
    const chars = await task(sample);
    sample();
    if (chars !== expectedChars) throw new Error(`base64 of ${chars} chars, expected ${expectedChars}`);
  } finally {
    clearInterval(timer);
  }
  return Object.fromEntries(names.map((n, i) => [n, max[i]! - base[i]!])) as Peaks;
}

async function naive(att: Attachment, sample: () => void): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of await att.open()) {
    chunks.push(Buffer.from(chunk));
    sample();
  }
  const whole = Buffer.concat(chunks);
  sample();
  const base64 = whole.toString('base64');
  sample();
  return base64.length;
}

const limits = { maxBytes: 30 * MB, maxDurationSecs: 3600 };
const variants: Array<[string, (size: number, sample: () => void) => Promise<number>]> = [
  [
    'read-audio, declared size',
    async (size, sample) =>
      (await readAudioBase64(streamedWavAttachment(size, { onChunk: sample }), limits)).base64.length,
  ],
  [
    'read-audio, no declared size',
    async (size, sample) =>
      (await readAudioBase64(streamedWavAttachment(size, { onChunk: sample, declareSize: false }), limits))
        .base64.length,
  ],
  ['chunks + Buffer.concat + toString', (size, sample) => naive(streamedWavAttachment(size), sample)],
];

const best = new Map<string, number>();
for (let round = 0; round < ROUNDS; round++)
  for (const size of SIZES)
    for (const [name, run] of variants) {
      const bytes = size * MB;
      const peaks = await peak((sample) => run(bytes, sample), Math.ceil(bytes / 3) * 4);
      for (const [measure, value] of Object.entries(peaks)) {
        const key = `${measure}|${name}|${size}`;
        best.set(key, Math.min(best.get(key) ?? Infinity, value));
      }
    }

const cell = (measure: string, name: string, size: number) => {
  const bytes = best.get(`${measure}|${name}|${size}`) ?? Number.NaN;
  return `${(bytes / MB).toFixed(1)} MB (${(bytes / (size * MB)).toFixed(2)}×)`;
};
for (const measure of Object.keys(measures)) {
  console.log(`\nPeak ${measure} above baseline, read + base64 of a WAV attachment (best of ${ROUNDS}):\n`);
  console.log(`| reader | ${SIZES.map((s) => `${s} MB file`).join(' | ')} |`);
  console.log(`|---|${SIZES.map(() => '---:').join('|')}|`);
  for (const [name] of variants)
    console.log(`| ${name} | ${SIZES.map((s) => cell(measure, name, s)).join(' | ')} |`);
}
console.log(
  '\nbase64 alone is 1.33× the file; bytes + base64 held at once is 2.33×. The chunks the download\n' +
    'yields (fresh 64 KB buffers, as from a socket) add up to 1× of not-yet-collected garbage on top.',
);
