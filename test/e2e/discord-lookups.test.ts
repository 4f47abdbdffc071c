/**
 * Lookups on Discord end to end: /models search|count|mine|embeddings|video, /model info (public
 * and private models), /providers, /zdr, paging with ◀ / ▶ that edits the message in place, and the
 * limits of the embeds they are rendered as.
 */
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { CommandOption, StoredMessage } from '../fakes/discord.js';
import { DEFAULT_MODEL_SPECS, makeModel } from '../fakes/openrouter.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter } = useDiscordBot({
  setUp: (_, openrouter) => openrouter.setModels(defaultSpecs()),
});

/** The fake's default catalogue without its speech models: the chat, embedding and rerank ones. */
function defaultSpecs() {
  return DEFAULT_MODEL_SPECS.filter((m) => !m.output?.some((o) => o === 'speech' || o === 'transcription'));
}

const sub = (name: string, options: CommandOption[] = []): CommandOption[] => [{ name, type: 1, options }];
const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const num = (name: string, value: number, type = 10): CommandOption => ({ name, type, value });
const embeds = (m: StoredMessage) => m.embeds as APIEmbed[];
const customIds = (m: StoredMessage) => JSON.stringify(m.components).match(/"custom_id":"[^"]+"/g) ?? [];
const lastQuery = (path: string) =>
  new URLSearchParams(openrouter.requests.filter((q) => q.path === path).at(-1)?.query ?? {});

/** Runs a slash command and waits for its reply to show cards (or a ⚠️ message). */
async function run(name: string, options: CommandOption[] = [], extra: { permissions?: string } = {}) {
  const h = discord.slashCommand({ name, options, ...extra });
  await h.waitForCallback();
  return discord.waitFor(() =>
    discord
      .messages(discord.channelId)
      .find((m) => m.interactionId === h.id && (m.embeds.length > 0 || m.content.includes('⚠️'))),
  );
}

describe('model lookups on Discord', () => {
  it('/models search sends the server filters, filters the rest locally and renders one embed', async () => {
    const m = await run(
      'models',
      sub('search', [str('input', 'image'), num('max_price', 1), str('sort', 'pricing-low-to-high')]),
    );
    const q = lastQuery('/models');
    expect(q.get('input_modalities')).toBe('image');
    expect(q.get('max_price')).toBe('1');
    expect(q.get('sort')).toBe('pricing-low-to-high');
    const [card] = embeds(m);
    expect(card?.title).toContain('input image');
    // the fake ignores max_price: the $3/M Claude is dropped locally
    expect(card?.description).toContain('openai/gpt-4o-mini');
    expect(card?.description).not.toContain('claude-sonnet-4');
    expect(card?.description).toContain('$0.15 in · $0.6 out /M');
    expect(card?.footer?.text).toContain('1 model');
  });

  it('a fuzzy query matches ids and names; nothing found says how to widen the search', async () => {
    const found = await run('models', sub('search', [str('query', 'sonnet 4')]));
    expect(embeds(found)[0]?.description).toContain('anthropic/claude-sonnet-4');
    expect(lastQuery('/models').get('output_modalities')).toBe('all');
    const none = await run('models', sub('search', [str('query', 'zzqx'), num('min_context', 10_000, 4)]));
    expect(embeds(none)[0]?.description).toContain('No model matches');
  });

  it('pages a long list with ◀ / ▶, editing the same message, with short custom ids', async () => {
    openrouter.setModels(
      Array.from({ length: 25 }, (_, i) =>
        makeModel({
          id: `acme/model-${String(i).padStart(2, '0')}`,
          name: `Acme ${i}`,
          contextLength: 8_000 + i,
        }),
      ),
    );
    const first = await run('models', sub('search', [str('query', 'acme')]));
    expect(embeds(first)[0]?.footer?.text).toMatch(/^Page 1 of 3 · 25 models/);
    expect(embeds(first)[0]?.description).toContain('acme/model-09');
    expect(embeds(first)[0]?.description).not.toContain('acme/model-10');
    const ids = customIds(first);
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/"custom_id":"page:[\w-]+:1"/);
    expect(ids.every((id) => id.length < 100)).toBe(true);
    const next = (ids[0] as string).slice('"custom_id":"'.length, -1);

    discord.buttonClick({ customId: next, messageId: first.id });
    const second = await discord.waitFor(() => {
      const m = discord.messages(discord.channelId).find((x) => x.id === first.id);
      return m && embeds(m)[0]?.footer?.text?.startsWith('Page 2') ? m : undefined;
    });
    expect(embeds(second)[0]?.description).toContain('acme/model-10');
    expect(customIds(second).map((c) => c.replace(/:[\w-]+:/, ':REF:'))).toEqual([
      '"custom_id":"page:REF:0"',
      '"custom_id":"page:REF:2"',
    ]);
    const prev = (customIds(second)[0] as string).slice('"custom_id":"'.length, -1);
    discord.buttonClick({ customId: prev, messageId: first.id });
    await discord.waitFor(() => {
      const m = discord.messages(discord.channelId).find((x) => x.id === first.id);
      return m && embeds(m)[0]?.footer?.text?.startsWith('Page 1') ? m : undefined;
    });
    expect(discord.messages(discord.channelId).filter((m) => m.embeds.length > 0)).toHaveLength(1);
  });

  it('an expired page says to run the command again', async () => {
    const m = await run('models', sub('count'));
    discord.buttonClick({ customId: 'page:gone1234:1', messageId: m.id });
    const warned = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((x) => x.content.includes('no longer stored')),
    );
    expect(warned.content).toContain('Run the command again');
  });

  it('/models count, mine, embeddings and video', async () => {
    const all = await run('models', sub('count'));
    expect(embeds(all)[0]?.title).toBe('6 models on OpenRouter');
    expect(lastQuery('/models/count').get('output_modalities')).toBe('all');
    const emb = await run('models', sub('count', [str('output', 'embeddings')]));
    expect(embeds(emb)[0]?.title).toBe('1 model on OpenRouter');

    const mine = await run('models', sub('mine'));
    expect(openrouter.count('/models/user')).toBe(1);
    expect(embeds(mine)[0]?.description).toContain('openai/gpt-4o-mini');

    const e = await run('models', sub('embeddings'));
    expect(embeds(e)[0]?.description).toContain('📓 **OpenAI: Text Embedding 3 Small**');

    const v = await run('models', sub('video'));
    expect(embeds(v)[0]?.description).toMatch(/google\/veo-3\.1.*720p\/1080p.*4\/6\/8 s.*audio/);
    expect(embeds(v)[0]?.description).toContain('openai/sora-2');
  });
});

describe('/model info on Discord', () => {
  it('shows the model card and its endpoints with prices per million, uptime, latency and ZDR', async () => {
    const m = await run('model', sub('info', [str('id', 'anthropic/claude-sonnet-4')]));
    const [card, endpoints] = embeds(m);
    expect(card?.title).toBe('Anthropic: Claude Sonnet 4');
    expect(card?.url).toBe('https://openrouter.ai/anthropic/claude-sonnet-4');
    const field = (name: string) => card?.fields?.find((f) => f.name === name)?.value;
    expect(field('Price')).toBe('$3 in · $15 out /M');
    expect(field('Context')).toBe('200K tokens');
    expect(field('Reasoning')).toBe('yes');
    expect(endpoints?.title).toBe('Endpoints of anthropic/claude-sonnet-4');
    expect(endpoints?.footer?.text).toBe('2 endpoints · 1 retain no data (🔒 ZDR)');
    const [openai, deepinfra] = endpoints?.fields ?? [];
    expect(openai?.name).toBe('🔒 OpenAI (openai)');
    expect(openai?.value).toContain('no data retained (ZDR)');
    expect(openai?.value).toContain('uptime 99.9% · p50 420 ms · 85 tok/s');
    expect(deepinfra?.name).toBe('DeepInfra (deepinfra)');
    expect(deepinfra?.value).toContain('fp8');
    expect(openrouter.count('/model/anthropic/claude-sonnet-4')).toBe(1);
    expect(openrouter.count('/models/anthropic/claude-sonnet-4/endpoints')).toBe(1);
    expect(openrouter.count('/endpoints/zdr')).toBe(1);
  });

  it('works for a model the public list does not show (private), and refuses unknown ones with suggestions', async () => {
    await run('models', sub('count')); // nothing cached yet; autocomplete below loads the catalogue
    const ac = discord.autocomplete({
      name: 'model',
      options: sub('info', [{ ...str('id', 'gpt'), focused: true }]),
    });
    const choices = (await ac.waitForCallback()).data as { choices: Array<{ value: string }> };
    expect(choices.choices.map((c) => c.value)).toContain('openai/gpt-4o-mini');
    openrouter.setModels([
      ...defaultSpecs(),
      { id: 'acme/private-1', name: 'Acme Private', contextLength: 32_000 },
    ]);
    const m = await run('model', sub('info', [str('id', 'acme/private-1')]));
    expect(embeds(m)[0]?.title).toBe('Acme Private');

    const unknown = await run('model', sub('info', [str('id', 'openai/gpt-4o-mimi')]));
    expect(unknown.content).toContain('No model `openai/gpt-4o-mimi` is visible');
    expect(unknown.content).toContain('`openai/gpt-4o-mini`');
    const bad = await run('model', sub('info', [str('id', 'gpt-4o')]));
    expect(bad.content).toContain('write it as author/slug');
  });
});

describe('/providers and /zdr on Discord', () => {
  it('lists providers with their headquarters and policy links', async () => {
    const m = await run('providers');
    const text = embeds(m)[0]?.description ?? '';
    expect(text).toContain('**Mistral** `mistral` · HQ FR · DC FR, SE');
    expect(text).toContain('[privacy](https://openai.com/policies/privacy-policy)');
    expect(embeds(m)[0]?.footer?.text).toContain('4 providers');
  });

  it('says what zero-data-retention routing would leave available', async () => {
    const m = await run('zdr');
    expect(m.content).toContain(
      'leaves **4 models** of the 4 text models on **4 endpoints** from 1 provider: OpenAI.',
    );
    expect(embeds(m)[0]?.description).toContain(
      '**Anthropic: Claude Sonnet 4** `anthropic/claude-sonnet-4-20250601` · OpenAI',
    );
  });
});
