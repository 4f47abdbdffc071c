/**
 * Pictures on Discord through the real discord.js client: an image model's answer arrives as image
 * attachments that decode as PNG, the stored turn keeps a reference (no base64), and a reply in the
 * thread sends the previous picture back to the model (checked at the fake OpenRouter).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SPECS, IMAGE_MODEL_SPECS } from '../fakes/openrouter.js';
import { saveDocImage } from '../helpers/doc-images.js';
import { imageInfo, pixelStats, pngDataUrl, pngOf } from '../helpers/images.js';
import { isFinished, sentText } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const IMAGE_MODEL = 'google/gemini-2.5-flash-image';
const { discord, openrouter, bot } = useDiscordBot({
  env: { STREAM_EDIT_INTERVAL_MS: '100' },
  fake: { defaultTimeoutMs: 20_000 },
  setUp: (_, openrouter) => openrouter.setModels([...DEFAULT_MODEL_SPECS, ...IMAGE_MODEL_SPECS]),
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

type Opt = { name: string; type: number; value?: unknown; options?: Opt[] };
const str = (name: string, value: string): Opt => ({ name, type: 3, value });
const int = (name: string, value: number): Opt => ({ name, type: 4, value });
const num = (name: string, value: number): Opt => ({ name, type: 10, value });

/** Everything the bot said through this interaction and in the channel, joined. */
function saidAnywhere(token: string): string {
  return discord.requests
    .filter(
      (r) =>
        (r.method === 'PATCH' || r.method === 'POST') &&
        (r.path.includes(token) || r.path.includes('/messages')),
    )
    .map((r) => sentText(r.body))
    .join('\n');
}

async function imagine(options: Opt[], extra: Record<string, unknown> = {}) {
  const h = discord.slashCommand({ name: 'imagine', options: options as never, ...extra });
  await h.waitForCallback();
  return h;
}

describe('/imagine on Discord', () => {
  it('checks the options, shows progress, posts every picture with model, cost and id, and Regenerate works', async () => {
    openrouter.queueReply({
      text: 'One.',
      images: [await pngDataUrl('#1060c0', 160, 90)],
      usage: { cost: 0.04 },
    });
    openrouter.queueReply({
      text: '',
      images: [await pngDataUrl('#c01060', 160, 90)],
      usage: { cost: 0.04 },
    });
    await imagine([str('prompt', 'a lighthouse at dawn'), str('aspect_ratio', '16:9'), int('count', 2)]);
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('lighthouse')),
    );
    const result = await discord.waitFor(() => withFiles(thread.id)[0]);
    expect(result.attachments.map((a) => a.filename)).toEqual(['picture-1.png', 'picture-2.png']);
    expect(result.attachments[0]?.description).toBe('a lighthouse at dawn');
    await saveDocImage('imagine-result-discord.png', result.attachments[0]!.data);
    for (const a of result.attachments)
      expect(await imageInfo(a.data)).toEqual({ format: 'png', width: 160, height: 90 });
    const summary = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.content.startsWith('✅ 2 of 2 pictures')),
    );
    expect(summary.edits).toBeGreaterThanOrEqual(1); // the progress message became the summary
    expect(summary.content).toContain('google/gemini-2.5-flash-image');
    expect(summary.content).toContain('$0.080');
    expect(summary.content).toMatch(/gen-\w+ · \+1 more/);
    const buttons = JSON.stringify(summary.components);
    expect(buttons).toContain('regenerate:');
    expect(buttons).toContain('generation:gen-');
    const bodies = chatBodies();
    expect(bodies).toHaveLength(2);
    for (const b of bodies) {
      expect(b.image_config).toEqual({ aspect_ratio: '16:9' });
      expect(b.modalities).toEqual(['image', 'text']);
    }

    openrouter.queueReply({ text: 'Again.', images: [await pngDataUrl('#10c060', 160, 90)] });
    const click = discord.buttonClick({
      messageId: summary.id,
      channelId: thread.id,
      customId: 'regenerate:last',
    });
    await click.waitForCallback();
    await discord.waitFor(() => (withFiles(thread.id).length === 2 ? true : undefined));
    expect(chatBodies()).toHaveLength(3);
    expect(chatBodies().at(-1)?.model).toBe('google/gemini-2.5-flash-image');
    expect(chatBodies().at(-1)?.image_config).toEqual({ aspect_ratio: '16:9' }); // kept for Regenerate
  }, 60_000);

  it('refuses an option the model does not support, before any request', async () => {
    const h = await imagine([
      str('prompt', 'a cat'),
      str('model', 'black-forest-labs/flux.2-pro'),
      str('aspect_ratio', '4:3'),
    ]);
    const text = await discord.waitFor(() =>
      /⚠️/.test(saidAnywhere(h.token)) ? saidAnywhere(h.token) : undefined,
    );
    expect(text).toContain(
      '`aspect_ratio` must be one of `1:1`, `16:9`, `9:16` for black-forest-labs/flux.2-pro',
    );
    const h2 = await imagine([str('prompt', 'a cat'), str('model', 'openai/gpt-4o-mini')]);
    const text2 = await discord.waitFor(() =>
      /⚠️/.test(saidAnywhere(h2.token)) ? saidAnywhere(h2.token) : undefined,
    );
    expect(text2).toContain('does not make images');
    expect(chatBodies()).toHaveLength(0);
    expect(discord.threads()).toHaveLength(0);
  }, 60_000);

  it('changes an attached image (the image goes to the model with the prompt)', async () => {
    const photo = discord.addAttachment({
      filename: 'photo.png',
      contentType: 'image/png',
      data: await pngOf('#808080', 200, 100),
    });
    openrouter.queueReply({ text: 'Brighter.', images: [await pngDataUrl('#f0f0f0', 200, 100)] });
    await imagine([str('prompt', 'make it brighter'), { name: 'image', type: 11, value: photo.id }], {
      attachments: { [photo.id]: photo },
    });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('brighter')),
    );
    await discord.waitFor(() => withFiles(thread.id)[0]);
    const user = chatBodies()[0]?.messages.find((m) => m.role === 'user') as {
      content: Array<{ type: string; image_url?: { url: string } }>;
    };
    const sent = user.content.find((p) => p.type === 'image_url')?.image_url?.url ?? '';
    const bytes = Buffer.from(sent.slice(sent.indexOf(',') + 1), 'base64');
    expect(await imageInfo(bytes)).toMatchObject({ width: 200, height: 100 });
  }, 60_000);

  it('asks for zero-data-retention routing when the server forces it', async () => {
    const admin = discord.slashCommand({
      name: 'config',
      options: [{ name: 'zdr', type: 1, options: [str('enabled', 'on')] }] as never,
    });
    await admin.waitForCallback();
    await discord.waitFor(() => (/zero-data-retention/i.test(saidAnywhere(admin.token)) ? true : undefined));
    openrouter.queueReply({ text: 'ok', images: [await pngDataUrl('#999999')] });
    await imagine([str('prompt', 'a private picture')]);
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('private picture')),
    );
    await discord.waitFor(() => withFiles(thread.id)[0]);
    expect(chatBodies().at(-1)?.provider).toMatchObject({ zdr: true });
  }, 60_000);

  it('is refused by the budget before any request once it is spent', async () => {
    const admin = await discord.slashCommand({
      name: 'config',
      options: [
        { name: 'budget', type: 1, options: [str('scope', 'user'), str('period', 'day'), num('usd', 0.05)] },
      ] as never,
    });
    await admin.waitForCallback();
    await discord.waitFor(() => (saidAnywhere(admin.token).includes('0.05') ? true : undefined));
    openrouter.queueReply({ text: 'ok', images: [await pngDataUrl('#222222')], usage: { cost: 0.06 } });
    await imagine([str('prompt', 'first picture')]);
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('first picture')),
    );
    await discord.waitFor(() => withFiles(thread.id)[0]);
    const h = await imagine([str('prompt', 'second picture')]);
    const text = await discord.waitFor(() =>
      /⚠️|budget/i.test(saidAnywhere(h.token)) ? saidAnywhere(h.token) : undefined,
    );
    expect(text).toMatch(/budget/i);
    expect(chatBodies()).toHaveLength(1);
  }, 60_000);
});

describe('/usage chart on Discord', () => {
  it('posts spend over time as a PNG with bars in it, and the same numbers as text', async () => {
    openrouter.queueReply({ text: 'one', usage: { cost: 0.25 } });
    const first = discord.slashCommand({ name: 'chat', options: [str('prompt', 'first question')] as never });
    await first.waitForCallback();
    const t1 = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('first question')),
    );
    await discord.waitFor(() => discord.messages(t1.id).find(isFinished));
    openrouter.queueReply({ text: 'two', images: [await pngDataUrl('#445566')], usage: { cost: 0.5 } });
    await imagine([str('prompt', 'a chart subject')]);
    const t2 = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('chart subject')),
    );
    await discord.waitFor(() => withFiles(t2.id)[0]);

    const h = discord.slashCommand({
      name: 'usage',
      options: [str('chart', 'model'), str('period', 'month')] as never,
    });
    await h.waitForCallback();
    const posted = await discord.waitFor(() =>
      discord
        .messages(discord.channelId)
        .find((m) => m.attachments.some((a) => a.filename.startsWith('spend-'))),
    );
    const png = posted.attachments[0]!.data;
    expect((await imageInfo(png)).format).toBe('png');
    expect((await pixelStats(png)).varied).toBe(true);
    await saveDocImage('usage-chart-discord.png', png);
    expect(posted.content).toContain('$0.750 in 2 calls');
    expect(posted.attachments[0]?.description).toContain('$0.750 in 2 calls'); // alt text, same numbers
    expect(posted.content).toContain('google/gemini-2.5-flash-image $0.500');
    expect(posted.content).toContain('openai/gpt-4o-mini $0.250');
  }, 60_000);
});
