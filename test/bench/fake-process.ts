/**
 * The fake OpenRouter in a process of its own, for benchmarks: like the real service it must not
 * share the client's CPU, or the server's own work would be billed to the client being measured.
 * Prints `{"baseUrl": …}` on one line once listening; stops when stdin closes or on SIGTERM.
 */
import { startFakeOpenRouter } from '../fakes/openrouter.js';

const chunks = Number(process.env.BENCH_CHUNKS ?? 5000);
const fake = await startFakeOpenRouter({
  apiKey: process.env.BENCH_API_KEY,
  defaultReply: { text: 'x'.repeat(chunks), chunkSize: 1, chunkDelayMs: 0 },
});
if (process.env.BENCH_SPEECH_BYTES) fake.setSpeechBytes(Number(process.env.BENCH_SPEECH_BYTES));
// forget recorded requests as they arrive: a benchmark makes thousands
setInterval(() => fake.reset(), 1_000).unref();
process.stdout.write(`${JSON.stringify({ baseUrl: fake.baseUrl })}\n`);
const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
