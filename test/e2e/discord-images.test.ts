/**
 * Images by reference, through the real discord.js client: large PNG/JPEG attachments reach the
 * model downscaled (≤ 2,048 px, checked at the fake OpenRouter by decoding what it received), the
 * stored conversation holds references (no base64), a follow-up (after a restart: nothing cached)
 * re-sends the earlier images by fetching them again from the CDN within the request's image budget, and a conversation stored
 * with inline base64 (before references) still loads and is answered.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createConversationStore } from '../../src/conversations/conversation-store.js';
import { makeModel } from '../fakes/openrouter.js';
import { isFinished } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter, bot, start } = useDiscordBot({
  env: { STREAM_EDIT_INTERVAL_MS: '200' },
  fake: { defaultTimeoutMs: 20_000 },
  setUp: (_, openrouter) =>
    openrouter.setModels([
      makeModel({
        id: 'openai/gpt-4o-mini',
        name: 'GPT-4o mini',
        contextLength: 128_000,
        input: ['text', 'image'],
      }),
    ]),
});

/** A real image with detail (noise), so it neither decodes trivially nor compresses to nothing. */
async function noisy(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const img = sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  });
  return format === 'png'
    ? img.png({ compressionLevel: 1 }).toBuffer()
    : img.jpeg({ quality: 95 }).toBuffer();
}

const chatBodies = () =>
  openrouter.requests
    .filter((r) => r.path.endsWith('/chat/completions'))
    .map((r) => r.body as { messages: Array<{ role: string; content: unknown }> });

/** Every inline image of a request body, decoded. */
async function imagesOf(body: { messages: Array<{ content: unknown }> }) {
  const urls = body.messages.flatMap((m) =>
    Array.isArray(m.content)
      ? (m.content as Array<{ type: string; image_url?: { url: string } }>)
          .filter((p) => p.type === 'image_url')
          .map((p) => p.image_url?.url ?? '')
      : [],
  );
  return Promise.all(
    urls.map(async (url) => {
      const m = /^data:(image\/[a-z]+);base64,(.+)$/s.exec(url);
      if (!m) throw new Error(`not an inline image: ${url.slice(0, 40)}`);
      const meta = await sharp(Buffer.from(m[2] as string, 'base64')).metadata();
      return {
        type: m[1],
        width: meta.width,
        height: meta.height,
        bytes: Buffer.byteLength(m[2] as string, 'base64'),
      };
    }),
  );
}

describe('images by reference', () => {
  it('sends large images downscaled, stores no base64, and re-sends them on a follow-up', async () => {
    const png = discord.addAttachment({
      filename: 'wide.png',
      contentType: 'image/png',
      data: await noisy(5000, 1200, 'png'),
    });
    const jpg = discord.addAttachment({
      filename: 'tall.jpg',
      contentType: 'image/jpeg',
      data: await noisy(1500, 4200, 'jpeg'),
    });
    await discord.sendMessage({
      content: 'compare these pictures',
      mentionsBot: true,
      attachments: [png, jpg],
    });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('compare')),
    );
    await discord.waitFor(() => discord.messages(thread.id).find(isFinished));

    const first = await imagesOf(chatBodies().at(-1)!);
    expect(first).toHaveLength(2);
    for (const img of first) {
      expect(img.type).toBe('image/jpeg');
      expect(Math.max(img.width ?? 0, img.height ?? 0)).toBeLessThanOrEqual(2_048);
    }
    expect(first.map((i) => [i.width, i.height])).toEqual([
      [2048, 492],
      [731, 2048],
    ]);

    const stored = await bot.app.services.conversations.get(`discord:thread:${thread.id}`);
    const json = JSON.stringify(stored);
    expect(json).not.toMatch(/base64|data:image/);
    const refs = stored?.turns[0]?.parts.filter((p) => p.type === 'image-ref') ?? [];
    expect(refs).toMatchObject([
      {
        platform: 'discord',
        name: 'wide.png',
        mediaType: 'image/png',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      { platform: 'discord', name: 'tall.jpg', mediaType: 'image/jpeg' },
    ]);

    // a restarted bot has no prepared images in memory: the follow-up fetches them from the CDN again
    await start({ store: bot.store });
    await discord.sendMessage({ channelId: thread.id, content: 'which one is taller?' });
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.includes('which one is taller') && isFinished(m)),
    );
    const again = await imagesOf(chatBodies().at(-1)!);
    expect(again.map((i) => [i.width, i.height])).toEqual([
      [2048, 492],
      [731, 2048],
    ]);
  }, 60_000);

  it('leaves images out beyond the request budget, most recent kept, and says so', async () => {
    await start({ env: { CHAT_IMAGE_BYTES_PER_REQUEST: String(2 * 1024 * 1024) } });
    // each noise image prepared at 2,048 px is well over 1 MB: only one fits 2 MB
    const a = discord.addAttachment({
      filename: 'first.png',
      contentType: 'image/png',
      data: await noisy(2400, 2400, 'png'),
    });
    await discord.sendMessage({ content: 'look at the first picture', mentionsBot: true, attachments: [a] });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('first picture')),
    );
    await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    const b = discord.addAttachment({
      filename: 'second.png',
      contentType: 'image/png',
      data: await noisy(2400, 2400, 'png'),
    });
    await discord.sendMessage({ channelId: thread.id, content: 'and now the second', attachments: [b] });
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.includes('and now the second') && isFinished(m)),
    );
    const body = chatBodies().at(-1)!;
    expect(await imagesOf(body)).toHaveLength(1);
    const users = body.messages.filter((m) => m.role === 'user');
    expect(JSON.stringify(users.at(-1)?.content)).toContain('image_url'); // the newest is the one kept
    expect(JSON.stringify(users.at(-2)?.content)).toContain(
      '[image first.png, not included in this request]',
    );
    expect(discord.messages(thread.id).some((m) => /1 image left out/.test(m.content))).toBe(true);
  }, 60_000);

  it('answers in a conversation stored with inline base64 before references existed', async () => {
    const legacy = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    await discord.sendMessage({ content: 'start here', mentionsBot: true });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('start here')),
    );
    await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    const key = `discord:thread:${thread.id}`;
    // rewrite the stored history as an older version of the bot wrote it: the image inline
    await createConversationStore(bot.store).update(key, (c) => ({
      ...c!,
      turns: c!.turns.map((t, i) =>
        i === 0
          ? {
              ...t,
              parts: [
                ...t.parts,
                {
                  type: 'image',
                  url: `data:image/png;base64,${legacy.toString('base64')}`,
                  mediaType: 'image/png',
                },
              ],
            }
          : t,
      ),
    }));
    await discord.sendMessage({ channelId: thread.id, content: 'what colour was it?' });
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.includes('what colour was it') && isFinished(m)),
    );
    const imgs = await imagesOf(chatBodies().at(-1)!);
    expect(imgs).toHaveLength(1);
    expect(imgs[0]).toMatchObject({ width: 4, height: 4 });
  }, 60_000);
});
