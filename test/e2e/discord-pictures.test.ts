/**
 * Pictures on Discord through the real discord.js client: an image model's answer arrives as image
 * attachments that decode as PNG, the stored turn keeps a reference (no base64), and a reply in the
 * thread sends the previous picture back to the model (checked at the fake OpenRouter).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeDiscord } from '../fakes/discord.js';
import { startFakeDiscord } from '../fakes/discord.js';
import { DEFAULT_MODEL_SPECS, type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { imageInfo, pixelStats, pngDataUrl } from '../helpers/images.js';
import { type Bot, isFinished, OR_KEY, startBot } from './discord-harness.js';

const IMAGE_MODEL = 'google/gemini-2.5-flash-image';
let discord: FakeDiscord;
let openrouter: FakeOpenRouter;
let bot: Bot;

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: OR_KEY });
});
afterAll(async () => {
  await openrouter.close();
});
beforeEach(async () => {
  openrouter.reset();
  openrouter.setModels(DEFAULT_MODEL_SPECS);
  discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
  bot = await startBot(discord, openrouter, { env: { STREAM_EDIT_INTERVAL_MS: '100' } });
});
afterEach(async () => {
  await bot.stop();
  await discord.close();
});

const chatBodies = () =>
  openrouter.requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => r.body as Record<string, unknown> & { messages: Array<Record<string, unknown>> });
const withFiles = (channelId: string) =>
  discord.messages(channelId).filter((m) => m.attachments.some((a) => a.content_type.startsWith('image/')));

describe('image answers on Discord', () => {
  it('posts the picture as an attachment, keeps it by reference and sends it back on a reply', async () => {
    const sunset = await pngDataUrl('#e07020', 96, 64);
    openrouter.queueReply({ text: 'A warm sunset.', images: [sunset], usage: { cost: 0.039 } });
    const h = discord.slashCommand({
      name: 'chat',
      options: [
        { name: 'prompt', type: 3, value: 'paint a sunset' },
        { name: 'model', type: 3, value: IMAGE_MODEL },
      ],
    });
    await h.waitForCallback();
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('sunset')),
    );
    const posted = await discord.waitFor(() => withFiles(thread.id)[0]);
    const file = posted.attachments[0]!;
    expect(file.filename).toBe('image-1.png');
    expect(await imageInfo(file.data)).toEqual({ format: 'png', width: 96, height: 64 });
    expect((await pixelStats(file.data)).means[0]).toBeGreaterThan(200); // the orange came through
    const answer = await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    expect(answer.content).toContain('A warm sunset.');
    expect(answer.content).toContain('$0.039'); // the image's cost is in the footer
    const asked = chatBodies().at(-1)!;
    expect(asked.modalities).toEqual(['image', 'text']);

    const stored = await bot.app.services.conversations.get(`discord:thread:${thread.id}`);
    expect(JSON.stringify(stored)).not.toMatch(/base64|data:image/);
    expect(stored?.turns[1]?.parts).toContainEqual(
      expect.objectContaining({ type: 'image-ref', platform: 'generated', name: 'image-1.png' }),
    );

    openrouter.queueReply({ text: 'Darker now.', images: [await pngDataUrl('#402010', 96, 64)] });
    await discord.sendMessage({ channelId: thread.id, content: 'make it darker' });
    await discord.waitFor(() => (withFiles(thread.id).length === 2 ? true : undefined));
    const followUp = chatBodies().at(-1)!;
    const assistant = followUp.messages.find((m) => m.role === 'assistant') as {
      images?: Array<{ image_url: { url: string } }>;
    };
    const sentBack = assistant.images?.[0]?.image_url.url ?? '';
    const bytes = Buffer.from(sentBack.slice(sentBack.indexOf(',') + 1), 'base64');
    expect(await imageInfo(bytes)).toMatchObject({ width: 96, height: 64 });
    expect((await pixelStats(bytes)).means[0]).toBeGreaterThan(200); // it is the first (orange) picture
  }, 60_000);

  it('says where the picture is when the model answers with an image only', async () => {
    openrouter.queueReply({ text: '', images: [await pngDataUrl('#20a040')] });
    const h = discord.slashCommand({
      name: 'chat',
      options: [
        { name: 'prompt', type: 3, value: 'a green field' },
        { name: 'model', type: 3, value: 'black-forest-labs/flux.2-pro' },
      ],
    });
    await h.waitForCallback();
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('green')),
    );
    const answer = await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    expect(answer.content).toContain('the image is below');
    expect(chatBodies().at(-1)?.modalities).toEqual(['image']);
    const posted = await discord.waitFor(() => withFiles(thread.id)[0]);
    expect(await imageInfo(posted.attachments[0]!.data)).toMatchObject({ format: 'png' });
  }, 60_000);
});
