/**
 * The real undici client against the fake OpenRouter on loopback: every operation, every fault.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenRouterError } from '../../src/openrouter/errors.js';
import type { StreamEvent } from '../../src/openrouter/events.js';
import { createOpenRouterClient, type OpenRouterClient } from '../../src/openrouter/index.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';

const API_KEY = 'sk-or-v1-e2e-0123456789abcdef0123456789abcdef';

const fake = useFakeOpenRouter({ apiKey: API_KEY });
let client: OpenRouterClient;

function makeClient(overrides: Partial<Parameters<typeof createOpenRouterClient>[0]> = {}) {
  return createOpenRouterClient(
    {
      baseUrl: fake.baseUrl,
      apiKey: API_KEY,
      appUrl: 'https://switchboard.example',
      appTitle: 'Switchboard',
      appCategories: ['chat', 'team'],
      connectTimeoutMs: 2_000,
      firstByteTimeoutMs: 5_000,
      idleTimeoutMs: 1_000,
      maxRetries: 2,
      ...overrides,
    },
    { sleep: async () => {} },
  );
}

beforeAll(() => {
  client = makeClient();
});
afterAll(async () => {
  await client.close();
});

async function collect(stream: AsyncIterable<StreamEvent>) {
  let text = '';
  let reasoning = '';
  const events: StreamEvent[] = [];
  let error: unknown;
  try {
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'text') text += event.text;
      if (event.type === 'reasoning') reasoning += event.text;
    }
  } catch (err) {
    error = err;
  }
  return { text, reasoning, events, error };
}

const userMessage = (text: string) => ({ role: 'user' as const, content: text });

describe('streaming back ends', () => {
  it('streams a chat completion with reasoning, usage and generation id', async () => {
    fake.queueReply({ text: 'Hello there, 🙂 team!', reasoning: 'think', chunkSize: 3 });
    const stream = await client.streamChatCompletion({
      model: 'openai/gpt-4o-mini',
      messages: [userMessage('hi')],
    });
    const out = await collect(stream);
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('Hello there, 🙂 team!');
    expect(out.reasoning).toBe('think');
    expect(stream.meta.generationId).toMatch(/^gen-/);
    expect(stream.meta.usage?.cost).toBeGreaterThan(0);
    expect(out.events.at(-1)?.type).toBe('done');
  });

  it('streams the Anthropic messages API', async () => {
    fake.queueReply({ text: 'From messages', chunkSize: 4 });
    const stream = await client.streamMessage({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const out = await collect(stream);
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('From messages');
    expect(stream.meta.usage?.completionTokens).toBeGreaterThan(0);
  });

  it('streams the Responses API', async () => {
    fake.queueReply({ text: 'From responses', chunkSize: 5 });
    const stream = await client.streamResponse({ model: 'openai/gpt-4o-mini', input: 'hi' });
    const out = await collect(stream);
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('From responses');
  });

  it('sends auth and attribution headers', async () => {
    await client.chatCompletion({ model: 'openai/gpt-4o-mini', messages: [userMessage('hi')] });
    const req = fake.requests.at(-1);
    expect(req?.headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(req?.headers['http-referer']).toBe('https://switchboard.example');
    expect(req?.headers['x-openrouter-title']).toBe('Switchboard');
    expect(req?.headers['x-openrouter-categories']).toBe('chat,team');
  });

  it('breaking out of the loop closes the connection on the fake', async () => {
    fake.queueReply({ text: 'a'.repeat(200), chunkSize: 10, hold: true });
    const stream = await client.streamChatCompletion({ model: 'm/x', messages: [userMessage('hi')] });
    const closed = fake.waitForClientClose(5_000);
    for await (const event of stream) {
      if (event.type === 'text') break;
    }
    await closed;
  });
});

describe('every operation', () => {
  it('covers the non-streaming inference operations', async () => {
    const chat = await client.chatCompletion({
      model: 'openai/gpt-4o-mini',
      messages: [userMessage('ping')],
    });
    expect(chat.data.choices[0]?.message.content).toContain('ping');
    expect(chat.meta.generationId).toMatch(/^gen-/);
    const msg = await client.createMessage({
      model: 'anthropic/claude-sonnet-4',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(msg.data.content.length).toBeGreaterThan(0);
    const resp = await client.createResponse({ model: 'openai/gpt-4o-mini', input: 'x' });
    expect(resp.data.output.length).toBeGreaterThan(0);
    const emb = await client.createEmbeddings({ model: 'openai/text-embedding-3-small', input: ['a', 'b'] });
    expect(emb.data.data).toHaveLength(2);
    const rr = await client.createRerank({
      model: 'cohere/rerank-v3.5',
      query: 'q',
      documents: ['a', 'b', 'c'],
    });
    expect(rr.data.results.length).toBeGreaterThan(0);
    const stt = await client.createTranscription({
      model: 'openai/whisper-1',
      input_audio: { data: Buffer.from('RIFF').toString('base64'), format: 'wav' },
    });
    expect(typeof stt.data.text).toBe('string');
  });

  it('streams speech audio bytes and enforces the byte cap', async () => {
    const speech = await client.createSpeech({
      model: 'openai/gpt-4o-mini-tts',
      input: 'hello',
      voice: 'alloy',
    });
    expect(speech.contentType).toMatch(/^audio\//);
    let size = 0;
    for await (const chunk of speech.body) size += chunk.byteLength;
    expect(size).toBeGreaterThan(0);
    const capped = await client.createSpeech(
      { model: 'openai/gpt-4o-mini-tts', input: 'hello', voice: 'alloy' },
      { maxBytes: 8 },
    );
    await expect(async () => {
      for await (const _ of capped.body) {
        /* drain */
      }
    }).rejects.toMatchObject({ code: 'OPENROUTER.BODY_TOO_LARGE' });
  });

  it('covers video jobs from submission to content', async () => {
    fake.configureVideo({ pollsUntilDone: 2 });
    const models = await client.listVideoModels();
    expect(models.data.length).toBeGreaterThan(0);
    const job = await client.createVideo({ model: models.data[0]!.id, prompt: 'a cat' });
    let state = await client.getVideo(job.data.id);
    for (let i = 0; i < 5 && state.data.status !== 'completed'; i++)
      state = await client.getVideo(job.data.id);
    expect(state.data.status).toBe('completed');
    const content = await client.getVideoContent(job.data.id, 0);
    expect(content.contentType).toBe('video/mp4');
    let bytes = 0;
    for await (const chunk of content.body) bytes += chunk.byteLength;
    expect(bytes).toBeGreaterThan(0);
  });

  it('covers generations, models, providers and ZDR lookups', async () => {
    const chat = await client.chatCompletion({
      model: 'openai/gpt-4o-mini',
      messages: [userMessage('remember me')],
    });
    const id = chat.meta.generationId!;
    expect((await client.getGeneration(id)).data.id).toBe(id);
    expect(JSON.stringify((await client.getGenerationContent(id)).data)).toContain('remember me');
    const models = await client.listModels();
    expect(models.data.length).toBeGreaterThan(0);
    expect((await client.countModels()).data.count).toBe(models.data.length);
    expect(Array.isArray((await client.listUserModels()).data)).toBe(true);
    expect((await client.listEmbeddingModels()).data.length).toBeGreaterThan(0);
    const [author, slug] = models.data[0]!.id.split('/') as [string, string];
    expect((await client.getModel(author, slug)).data.id).toBe(models.data[0]!.id);
    expect((await client.listEndpoints(author, slug)).data.endpoints.length).toBeGreaterThan(0);
    expect((await client.listProviders()).data.length).toBeGreaterThan(0);
    expect(Array.isArray((await client.listZdrEndpoints()).data)).toBe(true);
  });
});

describe('faults', () => {
  const ask = () => client.chatCompletion({ model: 'm/x', messages: [userMessage('hi')] });
  const streamAsk = () => client.streamChatCompletion({ model: 'm/x', messages: [userMessage('hi')] });

  it.each([
    [401, 'OPENROUTER.UNAUTHORIZED'],
    [402, 'OPENROUTER.INSUFFICIENT_CREDITS'],
    [403, 'OPENROUTER.MODERATION'],
    [404, 'OPENROUTER.NOT_FOUND'],
    [413, 'OPENROUTER.PAYLOAD_TOO_LARGE'],
    [422, 'OPENROUTER.UNPROCESSABLE'],
  ] as const)('%i is a typed error, not retried', async (status, code) => {
    fake.injectFault({ kind: 'status', status }, { count: 1 });
    const err = await ask().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenRouterError);
    expect(err).toMatchObject({ code, status });
    expect((err as OpenRouterError).userMessage).not.toContain(API_KEY);
    expect(fake.count('/chat/completions')).toBe(1);
  });

  it.each([429, 500, 502, 503, 524, 529] as const)('%i is retried and then succeeds', async (status) => {
    fake.injectFault({ kind: 'status', status, retryAfterSeconds: 0 }, { count: 1 });
    const res = await ask();
    expect(res.data.choices.length).toBe(1);
    expect(fake.count('/chat/completions')).toBe(2);
  });

  it('gives up after the retry bound with the typed error', async () => {
    fake.injectFault({ kind: 'status', status: 429 }, { count: 5 });
    await expect(ask()).rejects.toMatchObject({ code: 'OPENROUTER.RATE_LIMITED', status: 429 });
    expect(fake.count('/chat/completions')).toBe(3);
  });

  it('retries a connection reset before headers', async () => {
    fake.injectFault({ kind: 'reset-before-headers' }, { count: 1 });
    const res = await ask();
    expect(res.data.choices.length).toBe(1);
    expect(fake.count('/chat/completions')).toBe(2);
  });

  it('a reset mid-stream keeps the partial text and is not retried', async () => {
    fake.queueReply({ text: 'abcdefghijklmnopqrstuvwxyz', chunkSize: 2 });
    fake.injectFault({ kind: 'reset-mid-stream', afterChunks: 3 }, { count: 1 });
    const out = await collect(await streamAsk());
    expect(out.text.length).toBeGreaterThan(0);
    expect('abcdefghijklmnopqrstuvwxyz'.startsWith(out.text), out.text).toBe(true);
    expect(out.error).toBeInstanceOf(OpenRouterError);
    expect(fake.count('/chat/completions')).toBe(1);
  });

  it('a mid-stream error object throws after the text received', async () => {
    fake.queueReply({ text: 'partial answer here', chunkSize: 4 });
    fake.injectFault(
      { kind: 'mid-stream-error', afterChunks: 2, message: 'Provider disconnected' },
      { count: 1 },
    );
    const out = await collect(await streamAsk());
    expect(out.text.length).toBeGreaterThan(0);
    expect(out.error).toMatchObject({ code: 'OPENROUTER.STREAM_ERROR' });
    expect(fake.count('/chat/completions')).toBe(1);
  });

  it('a malformed chunk is a clear error after the text received', async () => {
    fake.queueReply({ text: 'some words', chunkSize: 2 });
    fake.injectFault({ kind: 'malformed-chunk', afterChunks: 2 }, { count: 1 });
    const out = await collect(await streamAsk());
    expect(out.text.length).toBeGreaterThan(0);
    expect(out.error).toMatchObject({ code: 'OPENROUTER.BAD_RESPONSE' });
  });

  it('a stalled stream times out after the idle limit, keeping the partial text', async () => {
    fake.queueReply({ text: 'slow words', chunkSize: 2 });
    fake.injectFault({ kind: 'stall', afterChunks: 1 }, { count: 1 });
    const out = await collect(await streamAsk());
    expect(out.text.length).toBeGreaterThan(0);
    expect(out.error).toMatchObject({ code: 'OPENROUTER.TIMEOUT' });
  });

  it('an abort signal ends the stream with an abort error', async () => {
    fake.queueReply({ text: 'x'.repeat(100), chunkSize: 5, hold: true });
    const controller = new AbortController();
    const stream = await client.streamChatCompletion(
      { model: 'm/x', messages: [userMessage('hi')] },
      { signal: controller.signal },
    );
    const closed = fake.waitForClientClose(5_000);
    let text = '';
    const err = await (async () => {
      for await (const event of stream) {
        if (event.type === 'text') {
          text += event.text;
          controller.abort();
        }
      }
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(err).toMatchObject({ code: 'OPENROUTER.ABORTED' });
    await closed;
  });
});
