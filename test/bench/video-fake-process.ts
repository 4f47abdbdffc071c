/**
 * The fake OpenRouter in its own process for the video benchmark (its CPU must not be billed to
 * the poller). Jobs stay in progress for BENCH_VIDEO_POLLS polls. Prints `{"baseUrl": …}` once
 * listening; stops when stdin closes or on SIGTERM.
 */
import { startFakeOpenRouter } from '../fakes/openrouter.js';

const fake = await startFakeOpenRouter({ apiKey: process.env.BENCH_API_KEY });
fake.configureVideo({ pollsUntilDone: Number(process.env.BENCH_VIDEO_POLLS ?? 1_000_000) });
// forget recorded requests (not the jobs) as they arrive: the benchmark makes thousands
setInterval(() => {
  fake.requests.length = 0;
}, 1_000).unref();
process.stdout.write(`${JSON.stringify({ baseUrl: fake.baseUrl })}\n`);
const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
