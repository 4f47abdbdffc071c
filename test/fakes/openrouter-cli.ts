/** `npm run fake:openrouter`: the fake OpenRouter on loopback for local try-outs. */
import { startFakeOpenRouter } from './openrouter.js';

const fake = await startFakeOpenRouter({ chunkDelayMs: Number(process.env.FAKE_CHUNK_DELAY_MS ?? 30) });
process.stdout.write(
  `Fake OpenRouter listening.\n  OPENROUTER_BASE_URL=${fake.baseUrl}\n  (any OPENROUTER_API_KEY is accepted; Ctrl-C stops it)\n`,
);
const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
