/**
 * Model autocomplete on Discord over a realistic 1,000-model catalogue (ids shaped like OpenRouter's:
 * author/model-version, `:free` variants, dated snapshots): the obvious model comes first for the
 * README's examples (`gpt4o`, `gmn2`) and other everyday queries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { realisticCatalogue } from '../fakes/openrouter/realistic-catalogue.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type Bot, OR_KEY, startBot } from './discord-harness.js';

let discord: FakeDiscord;
let openrouter: FakeOpenRouter;
let bot: Bot;

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: OR_KEY });
  openrouter.setModels(realisticCatalogue(1_000));
  discord = await startFakeDiscord({ defaultTimeoutMs: 10_000 });
  bot = await startBot(discord, openrouter);
});
afterAll(async () => {
  await bot.stop();
  await discord.close();
  await openrouter.close();
});

async function choices(query: string): Promise<string[]> {
  const ac = discord.autocomplete({
    name: 'model',
    options: [{ name: 'set', type: 1, options: [{ name: 'model', type: 3, value: query, focused: true }] }],
  });
  const data = (await ac.waitForCallback()).data as { choices: Array<{ value: string }> };
  return data.choices.map((c) => c.value);
}

describe('model autocomplete over 1,000 realistic ids', () => {
  it.each([
    ['gpt4o', /^openai\/gpt-4o(?![.\d])/],
    ['gmn2', /^google\/gemini-2/],
    ['sonnet 4', /^anthropic\/claude-sonnet-4$/],
    ['cld37', /^anthropic\/claude-3\.7-sonnet/],
    ['qwen3 coder', /^qwen\/qwen3-coder/],
    ['grok4', /^x-ai\/grok-4/],
    ['dpsk3', /^deepseek\/deepseek-(chat-)?v3/],
  ])('"%s" puts the obvious model first', async (query, first) => {
    const ids = await choices(query);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids[0]).toMatch(first);
  });

  it('the plain model comes before its snapshots and :free variants', async () => {
    expect((await choices('gpt4o'))[0]).toBe('openai/gpt-4o');
    const gemma = await choices('gemma 3 27b');
    expect(gemma.indexOf('google/gemma-3-27b-it')).toBeLessThan(gemma.indexOf('google/gemma-3-27b-it:free'));
  });
});
