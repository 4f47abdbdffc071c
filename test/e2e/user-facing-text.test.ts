/**
 * What users read: cards name commands the way each platform types them (Slack `/switchboard zdr`,
 * Discord `/zdr`); counts use the right plural; an empty notebook's footer names no call that was not
 * made; a finished video pings the person who asked (only them) on Discord and on Slack.
 */
import type { APIEmbed } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CommandOption,
  type FakeDiscord,
  type StoredMessage,
  startFakeDiscord,
} from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type Bot, startBot } from './discord-harness.js';
import { type SlackBot, startSlackBot } from './slack-harness.js';

const FAST = { VIDEO_POLL_MIN_MS: '20', VIDEO_POLL_MAX_MS: '60' };
const MARKS = /[\u2063\u2064]/;
let openrouter: FakeOpenRouter;

beforeAll(async () => {
  // both harnesses bring their own key: the fake takes any bearer key here
  openrouter = await startFakeOpenRouter();
});
afterAll(async () => {
  await openrouter.close();
});

describe('Discord', () => {
  let discord: FakeDiscord;
  let bot: Bot;
  beforeEach(async () => {
    openrouter.reset();
    discord = await startFakeDiscord({ defaultTimeoutMs: 10_000 });
    bot = await startBot(discord, openrouter, { env: FAST });
  });
  afterEach(async () => {
    await bot.stop();
    await discord.close();
  });

  const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
  async function run(
    name: string,
    sub: string | undefined,
    options: CommandOption[],
    done: (m: StoredMessage) => boolean,
  ) {
    const h = discord.slashCommand({ name, options: sub ? [{ name: sub, type: 1, options }] : options });
    await h.waitForCallback();
    return discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.interactionId === h.id && done(m)),
    );
  }
  const hasEmbeds = (m: StoredMessage) => m.embeds.length > 0;
  const footerOf = (m: StoredMessage) => (m.embeds as APIEmbed[]).map((e) => e.footer?.text ?? '').join('\n');

  it('shows Discord syntax in cards, without invisible marks', async () => {
    const m = await run('providers', undefined, [], hasEmbeds);
    const shown = JSON.stringify([m.content, m.embeds]);
    expect(shown).toContain('`/zdr`');
    expect(shown).not.toMatch(MARKS);
  });

  it('an empty notebook names no search call; one note is "1 note"', async () => {
    const empty = await run('kb', 'search', [str('query', 'deploy steps')], hasEmbeds);
    expect(footerOf(empty)).toContain('0 notes in');
    expect(footerOf(empty)).toContain('nothing was searched');
    expect(footerOf(empty)).not.toMatch(/embeddings|rerank/);
    expect(openrouter.requests.filter((r) => r.path === '/embeddings')).toHaveLength(0);
    await run('kb', 'add', [str('text', 'Deploy steps: build, test, ship.')], (m) => m.content.length > 0);
    const one = await run('kb', 'search', [str('query', 'deploy steps')], hasEmbeds);
    expect(footerOf(one)).toMatch(/^1 note in .* searched · embeddings/m);
  });

  it('a finished video pings its requester, and only them', async () => {
    const requester = '300000000000000009';
    openrouter.configureVideo({ pollsUntilDone: 2 });
    const h = discord.slashCommand({
      name: 'video',
      options: [{ name: 'create', type: 1, options: [str('prompt', 'A fox in the snow')] } as never],
      userId: requester,
    });
    await h.waitForCallback();
    const video = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.attachments.length > 0),
    );
    expect(video.content).toContain(`<@${requester}>`);
    expect(video.allowed_mentions).toMatchObject({ parse: [], users: [requester] });
    expect(video.content).not.toMatch(MARKS);
  });
});

describe('Slack', () => {
  let slack: FakeSlack;
  let bot: SlackBot;
  beforeEach(async () => {
    openrouter.reset();
    slack = await startFakeSlack({ defaultTimeoutMs: 10_000 });
    bot = await startSlackBot(slack, openrouter, { mode: 'http', env: FAST });
  });
  afterEach(async () => {
    await bot.stop();
    await slack.close();
  });
  const sent = () => JSON.stringify(slack.calls().map((c) => c.params));

  it('cards tell Slack users the Slack command, never the Discord one', async () => {
    await bot.send(slack.slash({ text: 'providers' }));
    await slack.waitFor(() => (sent().includes('providers ·') ? true : undefined));
    expect(sent()).toContain('/switchboard zdr');
    expect(sent()).not.toMatch(/`\/zdr`/);
    expect(sent()).not.toMatch(MARKS);
  });

  it('a finished video mentions its requester (our own mention, kept as a ping)', async () => {
    openrouter.configureVideo({ pollsUntilDone: 2 });
    await bot.send(slack.slash({ text: 'video create prompt:"A fox in the snow"' }));
    await slack.waitFor(() => (sent().includes('Your video') ? true : undefined));
    const upload = slack.calls().find((c) => JSON.stringify(c.params).includes('Your video'));
    expect(JSON.stringify(upload?.params)).toContain(`<@${slack.userId}>`);
    expect(sent()).not.toMatch(MARKS);
  });
});
