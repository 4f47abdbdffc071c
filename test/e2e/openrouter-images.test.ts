/**
 * Generated images through the real client against the fake: chat completions (JSON and streamed
 * deltas), the Responses API (image_generation_call items, JSON and streamed), and GET /images/models.
 */
import sharp from 'sharp';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../src/openrouter/events.js';
import { chatImages, responsesImages } from '../../src/openrouter/index.js';
import {
  specAssistantImages,
  specImageGenerationCall,
  specImageModel,
} from '../fakes/openrouter/image-contract.js';
import { DEFAULT_MODEL_SPECS, IMAGE_MODEL_SPECS } from '../fakes/openrouter.js';
import { imageInfo, pngDataUrl } from '../helpers/images.js';
import { useOpenRouterClient } from '../helpers/use-fake-openrouter.js';

const KEY = 'sk-or-v1-images-0123456789abcdef';
const MODEL = 'google/gemini-2.5-flash-image';
const { openrouter: fake, client } = useOpenRouterClient(KEY);
let red: string;
let blue: string;

const bytesOf = (url: string) => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');

async function collect(stream: AsyncIterable<StreamEvent>) {
  const events: StreamEvent[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

beforeAll(async () => {
  red = await pngDataUrl('#d03030');
  blue = await pngDataUrl('#3030d0', 32, 32);
});
beforeEach(() => {
  fake.setModels([...DEFAULT_MODEL_SPECS, ...IMAGE_MODEL_SPECS]);
});

describe('images from chat completions', () => {
  it('returns message.images as data URLs that decode as the PNGs the fake was given', async () => {
    fake.queueReply({ text: 'Here you go', images: [red, blue] });
    const res = await client.chatCompletion({
      model: MODEL,
      messages: [{ role: 'user', content: 'a red square' }],
      modalities: ['image', 'text'],
      image_config: { aspect_ratio: '1:1' },
    });
    const urls = chatImages(res.data);
    expect(urls).toEqual([red, blue]);
    expect(await imageInfo(bytesOf(urls[1] as string))).toEqual({ format: 'png', width: 32, height: 32 });
    const sent = fake.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent.modalities).toEqual(['image', 'text']);
    expect(sent.image_config).toEqual({ aspect_ratio: '1:1' });
  });

  it('streams images as image events (delta.images), after the text', async () => {
    fake.queueReply({ text: 'Done.', images: [red] });
    const events = await collect(
      await client.streamChatCompletion({
        model: MODEL,
        messages: [{ role: 'user', content: 'draw' }],
        modalities: ['image', 'text'],
      }),
    );
    const images = events.filter((e) => e.type === 'image');
    expect(images).toEqual([{ type: 'image', url: red }]);
    expect(
      events
        .filter((e) => e.type === 'text')
        .map((e) => (e as { text: string }).text)
        .join(''),
    ).toBe('Done.');
  });

  it('streams a large picture (a few MB of base64 in one SSE event) intact', async () => {
    const noisy = await sharp({
      create: {
        width: 1200,
        height: 900,
        channels: 3,
        background: '#777',
        noise: { type: 'gaussian', mean: 128, sigma: 50 },
      },
    })
      .png({ compressionLevel: 1 })
      .toBuffer();
    expect(noisy.byteLength).toBeGreaterThan(2_000_000);
    const url = `data:image/png;base64,${noisy.toString('base64')}`;
    fake.queueReply({ text: 'big', images: [url] });
    const events = await collect(
      await client.streamChatCompletion({
        model: MODEL,
        messages: [{ role: 'user', content: 'big' }],
        modalities: ['image', 'text'],
      }),
    );
    const got = events.find((e) => e.type === 'image') as { url: string };
    expect(bytesOf(got.url).equals(noisy)).toBe(true);
  });

  it('refuses image output from a model that has none (404 from the router)', async () => {
    await expect(
      client.chatCompletion({
        model: 'meta-llama/llama-3.1-8b-instruct',
        messages: [{ role: 'user', content: 'draw' }],
        modalities: ['image', 'text'],
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('images from the Responses API', () => {
  it('reads image_generation_call items (JSON)', async () => {
    fake.queueReply({ text: 'ok', images: [blue] });
    const res = await client.createResponse({ model: MODEL, input: 'draw a blue square' });
    const urls = responsesImages(res.data);
    expect(urls).toHaveLength(1);
    expect(await imageInfo(bytesOf(urls[0] as string))).toMatchObject({ format: 'png', width: 32 });
  });

  it('streams an image event when the image_generation_call item is done', async () => {
    fake.queueReply({ text: 'ok', images: [red] });
    const events = await collect(await client.streamResponse({ model: MODEL, input: 'draw' }));
    const images = events.filter((e) => e.type === 'image') as Array<{ url: string }>;
    expect(images).toHaveLength(1);
    expect(images[0]?.url).toBe(red);
  });
});

describe('GET /images/models', () => {
  it('lists the image-output models with the parameters each accepts', async () => {
    const res = await client.listImageModels();
    const ids = res.data.map((m) => m.id);
    expect(ids).toContain(MODEL);
    expect(ids).not.toContain('openai/gpt-4o-mini');
    const flux = res.data.find((m) => m.id === 'black-forest-labs/flux.2-pro');
    expect(flux?.supported_parameters.resolution).toEqual({ type: 'enum', values: ['1K', '2K'] });
  });
});

describe('the fake follows openapi.yaml for images (raw wire shapes)', () => {
  const post = async (path: string, body: object) => {
    const res = await fetch(`${fake.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return res.text();
  };
  const dataLines = (sse: string) =>
    sse
      .split('\n\n')
      .filter((f) => f.startsWith('data: {'))
      .map((f) => JSON.parse(f.slice(6)) as Record<string, unknown>);

  it('message.images, delta.images and image_generation_call items have the documented shape', async () => {
    fake.queueReply({ text: 'a', images: [red] });
    const json = JSON.parse(
      await post('/chat/completions', { model: MODEL, messages: [{ role: 'user', content: 'x' }] }),
    );
    specAssistantImages.parse(json.choices[0].message.images);

    fake.queueReply({ text: 'b', images: [red] });
    const chunks = dataLines(
      await post('/chat/completions', {
        model: MODEL,
        stream: true,
        messages: [{ role: 'user', content: 'x' }],
      }),
    );
    const deltas = chunks.flatMap((c) => (c.choices as Array<{ delta?: { images?: unknown } }>) ?? []);
    const withImages = deltas.filter((d) => d.delta?.images !== undefined);
    expect(withImages).toHaveLength(1);
    specAssistantImages.parse(withImages[0]?.delta?.images);

    fake.queueReply({ text: 'c', images: [red] });
    const response = JSON.parse(await post('/responses', { model: MODEL, input: 'x' }));
    const calls = (response.output as Array<{ type: string }>).filter(
      (o) => o.type === 'image_generation_call',
    );
    expect(calls).toHaveLength(1);
    specImageGenerationCall.parse(calls[0]);

    fake.queueReply({ text: 'd', images: [red] });
    const events = dataLines(await post('/responses', { model: MODEL, input: 'x', stream: true }));
    const done = events.filter(
      (e) =>
        e.type === 'response.output_item.done' &&
        (e.item as { type: string }).type === 'image_generation_call',
    );
    expect(done).toHaveLength(1);
    specImageGenerationCall.parse(done[0]?.item);
  });

  it('GET /images/models lists ImageModelListItem objects', async () => {
    const res = await fetch(`${fake.baseUrl}/images/models`);
    const body = (await res.json()) as { data: unknown[] };
    expect(body.data.length).toBeGreaterThan(0);
    for (const m of body.data) specImageModel.parse(m);
  });
});
