/**
 * Client edge cases against the fake OpenRouter: Retry-After honoured, invalid requests never
 * sent, malformed responses named, mid-stream errors on the messages and responses back ends.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../../src/openrouter/errors.js';
import { createOpenRouterClient, type OpenRouterClient } from '../../src/openrouter/index.js';
import { makeModel } from '../fakes/openrouter.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';

const API_KEY = 'sk-or-v1-edges-0123456789abcdef0123456789abcdef';

const fake = useFakeOpenRouter({ apiKey: API_KEY });
let client: OpenRouterClient;
const sleeps: number[] = [];

beforeAll(() => {
  client = createOpenRouterClient(
    {
      baseUrl: fake.baseUrl,
      apiKey: API_KEY,
      appCategories: [],
      connectTimeoutMs: 2_000,
      firstByteTimeoutMs: 5_000,
      idleTimeoutMs: 2_000,
      maxRetries: 2,
    },
    {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  );
});
afterAll(async () => {
  await client.close();
});
beforeEach(() => {
  sleeps.length = 0;
});

async function drain(stream: AsyncIterable<{ type: string; text?: string }>) {
  let text = '';
  try {
    for await (const event of stream) if (event.type === 'text') text += event.text;
  } catch (error) {
    return { text, error };
  }
  return { text, error: undefined };
}

describe('retries', () => {
  it('waits as long as retry-after says', async () => {
    fake.injectFault({ kind: 'status', status: 429, retryAfterSeconds: 3 }, { count: 1 });
    await client.chatCompletion({ model: 'm/x', messages: [{ role: 'user', content: 'hi' }] });
    expect(sleeps).toEqual([3_000]);
  });

  it('prefers retry-after-ms', async () => {
    fake.injectFault({ kind: 'status', status: 503, retryAfterMs: 250 }, { count: 1 });
    await client.listProviders();
    expect(sleeps).toEqual([250]);
  });

  it('backs off exponentially without a hint', async () => {
    fake.injectFault({ kind: 'status', status: 500 }, { count: 2 });
    await client.listProviders();
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1] ?? 0).toBeGreaterThan(sleeps[0] ?? 0);
  });
});

describe('validation', () => {
  it('an invalid request is refused before anything is sent', async () => {
    const err = await client
      .createRerank({ model: 'cohere/rerank-v3.5', query: 'q', documents: 'not a list' as never })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OPENROUTER.INVALID_REQUEST' });
    expect((err as OpenRouterError).userMessage).toMatch(/documents/);
    expect(fake.count('/rerank')).toBe(0);
  });

  it('a response missing a required field is a ResponseValidationError naming it', async () => {
    const { name: _dropped, ...broken } = makeModel({
      id: 'broken/model',
      name: 'Broken',
      contextLength: 8_000,
    });
    fake.setModels([broken]);
    const err = await client.listModels().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OPENROUTER.BAD_RESPONSE' });
    expect((err as OpenRouterError).upstreamMessage ?? '').toMatch(/name/);
  });

  it('a wrong key is a 401 whose message never echoes the key', async () => {
    const bad = createOpenRouterClient({
      baseUrl: fake.baseUrl,
      apiKey: 'sk-or-v1-wrong-key-ffffffffffffffffffffffffffff',
      appCategories: [],
      connectTimeoutMs: 2_000,
      firstByteTimeoutMs: 2_000,
      idleTimeoutMs: 2_000,
      maxRetries: 0,
    });
    const err = await bad
      .chatCompletion({ model: 'm/x', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    await bad.close();
    expect(err).toBeInstanceOf(OpenRouterError);
    expect(err).toMatchObject({ code: 'OPENROUTER.UNAUTHORIZED', status: 401 });
    expect(JSON.stringify(err)).not.toContain('wrong-key');
    expect(String((err as OpenRouterError).userMessage)).not.toContain('wrong-key');
  });
});

describe('mid-stream errors on every back end', () => {
  it('messages: text so far, then a typed error', async () => {
    fake.queueReply({ text: 'abcdefghijkl', chunkSize: 3 });
    // the first content frame is content_block_start, then one delta per 3 characters
    fake.injectFault({ kind: 'mid-stream-error', afterChunks: 3, message: 'overloaded' }, { count: 1 });
    const out = await drain(
      await client.streamMessage({
        model: 'anthropic/claude-sonnet-4',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'x' }],
      }),
    );
    expect(out.text).toBe('abcdef');
    expect(out.error).toBeInstanceOf(OpenRouterError);
  });

  it('responses: text so far, then a typed error', async () => {
    fake.queueReply({ text: 'abcdefghijkl', chunkSize: 3 });
    fake.injectFault({ kind: 'mid-stream-error', afterChunks: 2, message: 'overloaded' }, { count: 1 });
    const out = await drain(await client.streamResponse({ model: 'openai/gpt-4o-mini', input: 'x' }));
    expect(out.text).toBe('abcdef');
    expect(out.error).toBeInstanceOf(OpenRouterError);
  });

  it('chat: exactly the chunks sent before the error are kept', async () => {
    fake.queueReply({ text: 'abcdefghijkl', chunkSize: 3 });
    fake.injectFault({ kind: 'mid-stream-error', afterChunks: 3 }, { count: 1 });
    const out = await drain(
      await client.streamChatCompletion({ model: 'm/x', messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(out.text).toBe('abcdefghi');
    expect(out.error).toMatchObject({ code: 'OPENROUTER.STREAM_ERROR' });
  });
});
