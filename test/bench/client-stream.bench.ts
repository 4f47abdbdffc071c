/**
 * Streaming a 5,000-chunk chat completion from the fake OpenRouter on loopback, side by side:
 * our client, the openai SDK, @openrouter/sdk, and a raw undici read of the same bytes (the floor).
 * The fake runs in its own process (see fake-process.ts), as the real service would.
 */
import { OpenRouter } from '@openrouter/sdk';
import OpenAI from 'openai';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createOpenRouterClient, type OpenRouterClient } from '../../src/openrouter/index.js';
import { type FakeProcess, spawnFake } from './spawn-fake.js';

const API_KEY = 'sk-or-v1-bench';
const CHUNKS = 5_000;
const body = {
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'go' }],
  stream: true as const,
};

let fake: FakeProcess;
let ours: OpenRouterClient;
let openai: OpenAI;
let orsdk: OpenRouter;
const agent = new Agent({ keepAliveTimeout: 10_000 });
/** Same time budget for every contender, after a warm-up that lets the JIT settle. */
const opts = { time: 2_000, warmupTime: 500 };

beforeAll(async () => {
  fake = await spawnFake({ BENCH_API_KEY: API_KEY, BENCH_CHUNKS: String(CHUNKS) });
  ours = createOpenRouterClient({
    baseUrl: fake.baseUrl,
    apiKey: API_KEY,
    appTitle: 'bench',
    appCategories: [],
    connectTimeoutMs: 5_000,
    firstByteTimeoutMs: 10_000,
    idleTimeoutMs: 10_000,
    maxRetries: 0,
  });
  openai = new OpenAI({ apiKey: API_KEY, baseURL: fake.baseUrl, maxRetries: 0 });
  orsdk = new OpenRouter({ apiKey: API_KEY, serverURL: fake.baseUrl });
});

afterAll(async () => {
  await ours.close();
  await agent.close();
  await fake.stop();
});

describe(`stream ${CHUNKS} chunks`, () => {
  bench(
    'raw undici read (floor)',
    async () => {
      const res = await request(`${fake.baseUrl}/chat/completions`, {
        method: 'POST',
        dispatcher: agent,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      for await (const _ of res.body) {
        /* read every byte */
      }
    },
    opts,
  );

  bench(
    'switchboard client',
    async () => {
      let n = 0;
      for await (const event of await ours.streamChatCompletion(body))
        if (event.type === 'text') n += event.text.length;
      if (n !== CHUNKS) throw new Error(`got ${n} chars`);
    },
    opts,
  );

  bench(
    'openai SDK',
    async () => {
      let n = 0;
      const stream = await openai.chat.completions.create(body);
      for await (const chunk of stream) n += chunk.choices[0]?.delta?.content?.length ?? 0;
      if (n !== CHUNKS) throw new Error(`got ${n} chars`);
    },
    opts,
  );

  bench(
    '@openrouter/sdk',
    async () => {
      let n = 0;
      const stream = await orsdk.chat.send({ chatRequest: body });
      if (!(Symbol.asyncIterator in stream)) throw new Error('not a stream');
      for await (const chunk of stream) n += chunk.choices[0]?.delta?.content?.length ?? 0;
      if (n !== CHUNKS) throw new Error(`got ${n} chars`);
    },
    opts,
  );
});
