/**
 * Pictures on Slack through real Bolt: a mention answered by an image model arrives as an uploaded
 * PNG in the thread, a reply in the thread sends it back to the model, /switchboard imagine posts
 * its pictures with model, cost and id (Regenerate and Details under the summary), and an option
 * the model does not take is refused before any request.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SPECS, IMAGE_MODEL_SPECS } from '../fakes/openrouter.js';
import { dmChannel } from '../fakes/slack.js';
import { saveDocImage } from '../helpers/doc-images.js';
import { imageInfo, pixelStats, pngDataUrl } from '../helpers/images.js';
import { answered } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const IMAGE_MODEL = 'google/gemini-2.5-flash-image';
const { slack, openrouter, bot, start } = useSlackBot({
  setUp: (_, openrouter) => openrouter.setModels([...DEFAULT_MODEL_SPECS, ...IMAGE_MODEL_SPECS]),
});

type Body = Record<string, unknown> & { messages: Array<Record<string, unknown>> };
const chatBodies = () =>
  openrouter.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as Body);
const uploads = (thread?: string) =>
  slack.messages(slack.channelId, thread).filter((m) => m.isBot && m.files.length > 0);

describe('pictures on Slack', () => {
  it('answers a mention with an uploaded image and sends it back on a reply in the thread', async () => {
    await bot.send(slack.slash({ text: `model set model:${IMAGE_MODEL}` }));
    await slack.waitFor(() => slack.messages(slack.channelId).find((m) => m.text.includes(IMAGE_MODEL)));
    openrouter.queueReply({ text: 'A teal wave.', images: [await pngDataUrl('#10a0a0', 80, 60)] });
    const asked = slack.mention({ text: 'draw a wave' });
    await bot.send(asked);
    await answered(slack, slack.channelId, asked.ts);
    const upload = await slack.waitFor(() => uploads(asked.ts)[0]);
    const file = upload.files[0]!;
    expect(file.name).toBe('image-1.png');
    expect(await imageInfo(file.data)).toEqual({ format: 'png', width: 80, height: 60 });
    expect(chatBodies().at(-1)?.modalities).toEqual(['image', 'text']);

    openrouter.queueReply({ text: 'Darker.', images: [await pngDataUrl('#053030', 80, 60)] });
    await bot.send(slack.message({ text: 'make it darker', threadTs: asked.ts }));
    await slack.waitFor(() => (uploads(asked.ts).length === 2 ? true : undefined));
    const assistant = chatBodies()
      .at(-1)
      ?.messages.find((m) => m.role === 'assistant') as { images?: Array<{ image_url: { url: string } }> };
    const url = assistant.images?.[0]?.image_url.url ?? '';
    const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    expect(await imageInfo(bytes)).toMatchObject({ width: 80, height: 60 });
    expect((await pixelStats(bytes)).means[1]).toBeGreaterThan(140); // the teal picture went back
  }, 60_000);

  it('/switchboard imagine posts the pictures, then a summary with cost, Regenerate and Details', async () => {
    openrouter.queueReply({
      text: '',
      images: [await pngDataUrl('#f0c000', 120, 120)],
      usage: { cost: 0.03 },
    });
    await bot.send(slack.slash({ text: 'imagine prompt:"a yellow sun" aspect_ratio:1:1' }));
    const summary = await slack.waitFor(
      () =>
        slack
          .messages(slack.channelId, undefined)
          .find((m) => m.isBot && m.text.includes('✅ 1 of 1 picture')) ??
        slack
          .messages(slack.channelId)
          .flatMap((root) => slack.messages(slack.channelId, root.ts))
          .find((m) => m.isBot && m.text.includes('✅ 1 of 1 picture')),
    );
    expect(summary.text).toContain(IMAGE_MODEL);
    expect(summary.text).toContain('$0.030');
    expect(summary.buttons.map((b) => b.action_id)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^regenerate:/),
        expect.stringMatching(/^generation:gen-/),
      ]),
    );
    const file = (await slack.waitFor(() => uploads(summary.thread_ts)[0])).files[0]!;
    expect(await imageInfo(file.data)).toEqual({ format: 'png', width: 120, height: 120 });
    expect(chatBodies()[0]?.image_config).toEqual({ aspect_ratio: '1:1' });
  }, 60_000);

  it('refuses an unsupported option before any request', async () => {
    await bot.send(
      slack.slash({ text: 'imagine prompt:"a cat" model:black-forest-labs/flux.2-pro size:4K' }),
    );
    const refusal = await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.text.includes('⚠️') || m.text.includes('must be one of')),
    );
    expect(refusal.text).toContain('`size` must be one of `1K`, `2K`');
    expect(chatBodies()).toHaveLength(0);
  }, 60_000);
});

describe('spend charts on Slack', () => {
  const ADMIN = 'U0ADMIN001';
  let clock = Date.UTC(2026, 2, 3, 10); // Tuesday 3 March 2026

  beforeEach(async () => {
    clock = Date.UTC(2026, 2, 3, 10);
    slack.setUser(ADMIN, { is_admin: true });
    await start({ now: () => clock });
  });

  async function spend() {
    openrouter.queueReply({ text: 'an answer', usage: { cost: 0.2 } });
    const asked = slack.mention({ text: 'a costly question' });
    await bot.send(asked);
    await answered(slack, slack.channelId, asked.ts);
    openrouter.queueReply({ text: '', images: [await pngDataUrl('#3366cc')], usage: { cost: 0.6 } });
    await bot.send(slack.slash({ text: 'imagine prompt:"a blue square"' }));
    await slack.waitFor(() =>
      slack
        .messages(slack.channelId)
        .flatMap((root) => slack.messages(slack.channelId, root.ts))
        .find((m) => m.isBot && m.text.includes('✅ 1 of 1')),
    );
  }

  it('/switchboard usage chart: sends the chart privately (DM) with the same numbers as text', async () => {
    await spend();
    await bot.send(slack.slash({ text: 'usage chart:model period:month', user: ADMIN }));
    const dmUpload = await slack.waitFor(() =>
      slack
        .messages(dmChannel(ADMIN))
        .find((m) => m.isBot && m.files.some((f) => f.name.startsWith('spend-'))),
    );
    const png = dmUpload.files[0]!.data;
    expect((await imageInfo(png)).format).toBe('png');
    expect((await pixelStats(png)).varied).toBe(true);
    expect(dmUpload.text).toContain('$0.800 in 2 calls');
    expect(dmUpload.text).toContain('google/gemini-2.5-flash-image $0.600');
    expect(dmUpload.raw.channel).not.toBe(slack.channelId); // never shown to the whole channel
  }, 60_000);

  it('/config summary every:week posts last week’s chart in the channel once the week is over', async () => {
    await bot.send(slack.slash({ text: 'config summary every:week', user: ADMIN }));
    await slack.waitFor(() =>
      slack.messages(slack.channelId).find((m) => m.text.includes('weekly spend chart')),
    );
    await spend();
    expect(await bot.app.services.summaries.tick()).toBe(0); // the week is not over yet
    clock = Date.UTC(2026, 2, 9, 0, 5); // Monday after
    expect(await bot.app.services.summaries.tick()).toBe(1);
    expect(await bot.app.services.summaries.tick()).toBe(0); // once only
    const summary = await slack.waitFor(() =>
      slack
        .messages(slack.channelId)
        .find((m) => m.isBot && m.files.some((f) => f.name === 'spend-w2026-03-02.png')),
    );
    expect(summary.text).toContain('Weekly spend 2026-03-02 to 2026-03-08');
    expect(summary.text).toContain('$0.800 in 2 calls');
    const png = summary.files[0]!.data;
    expect((await pixelStats(png)).varied).toBe(true);
    await saveDocImage('weekly-summary-slack.png', png);
  }, 60_000);
});
