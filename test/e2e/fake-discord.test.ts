/** The fake Discord driven by the real discord.js 14 client. */
import { once } from 'node:events';
import {
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientEvents,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  Partials,
  type TextChannel,
} from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';

const INTENTS =
  GatewayIntentBits.Guilds |
  GatewayIntentBits.GuildMessages |
  GatewayIntentBits.MessageContent |
  GatewayIntentBits.DirectMessages;

let fake: FakeDiscord;
const clients: Client[] = [];
const clientErrors: Error[] = [];

async function login(intents: number = INTENTS): Promise<Client> {
  const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
  client.on(Events.Error, (err) => clientErrors.push(err));
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

/** The next event of this name that satisfies `pred`. */
function next<K extends keyof ClientEvents>(
  client: Client,
  event: K,
  pred: (...args: ClientEvents[K]) => boolean = () => true,
): Promise<ClientEvents[K]> {
  return new Promise((resolve) => {
    const listener = (...args: ClientEvents[K]) => {
      if (!pred(...args)) return;
      client.off(event, listener);
      resolve(args);
    };
    client.on(event, listener);
  });
}

async function nextInteraction(client: Client): Promise<Interaction> {
  const [i] = await next(client, Events.InteractionCreate);
  return i;
}

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  expect(clientErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await fake.close();
});

describe('fake Discord with the real discord.js client', () => {
  it('logs in: IDENTIFY intents recorded, READY + GUILD_CREATE fill the caches', async () => {
    const client = await login();
    await fake.waitForReady();
    expect(fake.identifyIntents()).toBe(INTENTS);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    const general = client.channels.cache.get(fake.channelId) as TextChannel | undefined;
    expect(general?.name).toBe('general');
    expect(guild?.members.me?.id).toBe(fake.botUserId);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
  });

  it('slash command: deferReply → type 5, editReply with a file, followUp', async () => {
    const client = await login();
    const pending = nextInteraction(client);
    const handle = fake.slashCommand({ name: 'ask', options: [{ name: 'prompt', type: 3, value: 'hello' }] });
    const interaction = (await pending) as ChatInputCommandInteraction;
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.commandName).toBe('ask');
    expect(interaction.options.getString('prompt')).toBe('hello');
    expect(interaction.guildId).toBe(fake.guildId);
    expect(interaction.channel?.id).toBe(fake.channelId);

    await interaction.deferReply();
    const cb = await handle.waitForCallback();
    expect(cb.type).toBe(5);
    const bytes = Buffer.from([1, 2, 3, 250, 251]);
    const edited = await interaction.editReply({
      content: 'answer',
      files: [{ attachment: bytes, name: 'a.bin' }],
    });
    expect(edited.content).toBe('answer');
    expect(edited.attachments.first()?.name).toBe('a.bin');

    const stored = fake.messages(fake.channelId).find((m) => m.id === edited.id);
    expect(stored?.content).toBe('answer');
    expect(stored?.edits).toBe(1);
    expect(Buffer.from(stored!.attachments[0]!.data)).toEqual(bytes);
    // The loopback CDN serves the same bytes.
    const res = await fetch(stored!.attachments[0]!.url);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(fake.edits(fake.channelId).length).toBeGreaterThanOrEqual(1);

    const follow = await interaction.followUp({ content: 'more' });
    expect(fake.messages(fake.channelId).find((m) => m.id === follow.id)?.content).toBe('more');
  });

  it('channel.send keeps allowed_mentions; typing is accepted', async () => {
    const client = await login();
    const channel = (await client.channels.fetch(fake.channelId)) as TextChannel;
    await channel.sendTyping();
    const sent = await channel.send({ content: 'hi @everyone', allowedMentions: { parse: [] } });
    const stored = fake.messages(fake.channelId).find((m) => m.id === sent.id);
    expect(stored?.content).toBe('hi @everyone');
    expect(stored?.allowed_mentions).toEqual({ parse: [] });
    expect(
      fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${fake.channelId}/typing`),
    ).toBe(true);
  });

  it('startThread, send in the thread, and a user message in the thread reaches messageCreate', async () => {
    const client = await login();
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const starter = await channel.send('thread starter');
    const thread = await starter.startThread({ name: 'talk' });
    expect(thread.isThread()).toBe(true);
    expect(thread.parentId).toBe(fake.channelId);
    expect(fake.threads().map((t) => [t.id, t.type, t.parent_id])).toContainEqual([
      thread.id,
      11,
      fake.channelId,
    ]);

    const inThread = await thread.send('inside');
    expect(fake.messages(thread.id).map((m) => m.id)).toContain(inThread.id);

    const received = next(client, Events.MessageCreate, (m: Message) => !m.author.bot);
    await fake.sendMessage({ channelId: thread.id, content: 'user says hi', mentionsBot: true });
    const [msg] = await received;
    expect(msg.channel.isThread()).toBe(true);
    expect(msg.channelId).toBe(thread.id);
    expect(msg.content).toBe(`<@${fake.botUserId}> user says hi`);
    expect(msg.mentions.has(fake.botUserId)).toBe(true);
  });

  it('button click: deferUpdate answers type 6 and @original is the clicked message', async () => {
    const client = await login();
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const posted = await channel.send({
      content: 'pick',
      components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: 'go', label: 'Go' }] }],
    });
    const pending = nextInteraction(client);
    const handle = fake.buttonClick({ customId: 'go', messageId: posted.id });
    const click = (await pending) as ButtonInteraction;
    expect(click.isButton()).toBe(true);
    expect(click.customId).toBe('go');
    expect(click.message.id).toBe(posted.id);
    await click.deferUpdate();
    expect((await handle.waitForCallback()).type).toBe(6);
    await click.editReply({ content: 'picked', components: [] });
    const stored = fake.messages(fake.channelId).find((m) => m.id === posted.id);
    expect(stored?.content).toBe('picked');
    expect(stored?.components).toEqual([]);
  });

  it('rejects a 2,001-character message with 50035 and stores nothing', async () => {
    const client = await login();
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const before = fake.messages(fake.channelId).length;
    const err = await channel.send('x'.repeat(2001)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(50035);
    expect(fake.messages(fake.channelId).length).toBe(before);
    await expect(channel.send('x'.repeat(2000))).resolves.toBeDefined();
  });

  it('reply withResponse + fetchReply; a second callback gives 40060; an expired token gives 10015', async () => {
    const client = await login();
    const pending = nextInteraction(client);
    const handle = fake.slashCommand({ name: 'ask' });
    const interaction = (await pending) as ChatInputCommandInteraction;
    const response = await interaction.reply({ content: 'first', withResponse: true });
    expect(response.resource?.message?.content).toBe('first');
    expect((await interaction.fetchReply()).content).toBe('first');

    // discord.js refuses a second reply itself, so answer again by hand.
    const res = await fetch(`${fake.apiUrl}/v10/interactions/${handle.id}/${handle.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'again' } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });

    fake.expireInteraction(handle.token);
    const err = await interaction.editReply('late').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10015);
  });

  it('a repeated nonce with enforce_nonce returns the earlier message instead of a new one', async () => {
    const client = await login();
    const channel = (await client.channels.fetch(fake.channelId)) as TextChannel;
    const before = fake.messages(fake.channelId).length;
    const first = await channel.send({ content: 'once', nonce: 'same-nonce-1', enforceNonce: true });
    const again = await channel.send({ content: 'once', nonce: 'same-nonce-1', enforceNonce: true });
    expect(again.id).toBe(first.id);
    const other = await channel.send({ content: 'twice', nonce: 'same-nonce-2', enforceNonce: true });
    expect(other.id).not.toBe(first.id);
    expect(fake.messages(fake.channelId).length).toBe(before + 2);
  });

  it('bot routes need the bot token', async () => {
    const res = await fetch(`${fake.apiUrl}/v10/channels/${fake.channelId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bot wrong' },
      body: JSON.stringify({ content: 'x' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  it('autocomplete, DM slash commands with attachments, and command registration', async () => {
    const client = await login();
    await client.application!.commands.set([{ name: 'ask', description: 'Ask a model' }], fake.guildId);
    const [registered] = fake.registeredCommands(fake.guildId) as Array<{ id: string; name: string }>;
    expect(registered?.name).toBe('ask');

    let pending = nextInteraction(client);
    const auto = fake.autocomplete({ name: 'ask', options: [{ name: 'model', type: 3, value: 'gp' }] });
    const ac = await pending;
    if (!ac.isAutocomplete()) throw new Error('expected autocomplete');
    expect(ac.commandId).toBe(registered?.id);
    expect(ac.options.getFocused(true)).toMatchObject({ name: 'model', value: 'gp' });
    await ac.respond([{ name: 'gpt', value: 'gpt' }]);
    expect(await auto.waitForCallback()).toMatchObject({
      type: 8,
      data: { choices: [{ name: 'gpt', value: 'gpt' }] },
    });

    const file = fake.addAttachment({
      filename: 'v.ogg',
      contentType: 'audio/ogg',
      data: new Uint8Array([9, 8, 7]),
    });
    pending = nextInteraction(client);
    const dm = fake.slashCommand({
      name: 'transcribe',
      guildId: null,
      options: [{ name: 'audio', type: 11, value: file.id }],
      attachments: { [file.id]: file },
    });
    const cmd = (await pending) as ChatInputCommandInteraction;
    expect(cmd.guildId).toBeNull();
    expect(cmd.channel?.isDMBased()).toBe(true);
    const att = cmd.options.getAttachment('audio', true);
    expect(Buffer.from(await (await fetch(att.url)).arrayBuffer())).toEqual(Buffer.from([9, 8, 7]));
    await cmd.reply({ content: 'done', flags: 64 });
    expect((await dm.waitForCallback()).type).toBe(4);
    const dmMessages = fake.messages(cmd.channelId!);
    expect(dmMessages.at(-1)).toMatchObject({ content: 'done', flags: 64 });
  });

  it('counts edits per channel and withholds content without the MessageContent intent', async () => {
    const client = await login(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const before = fake.edits(fake.channelId).length;
    const msg = await channel.send('v0');
    for (let i = 1; i <= 3; i++) await msg.edit(`v${i}`);
    expect(fake.edits(fake.channelId).length - before).toBe(3);
    expect(fake.maxEditsInWindow(fake.channelId, 60_000)).toBeGreaterThanOrEqual(3);
    expect(fake.messages(fake.channelId).find((m) => m.id === msg.id)?.edits).toBe(3);

    const received = next(client, Events.MessageCreate, (m: Message) => !m.author.bot);
    await fake.sendMessage({ content: 'secret' });
    const [m] = await received;
    expect(m.content).toBe('');
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/timed out after 50 ms/);
  });
});

describe('fake Discord rate limits', () => {
  afterEach(() => fake.clearRateLimits());

  const post = (channelId: string) =>
    fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hi' }),
    });

  it('answers 429 with Discord headers and body, and again while the bucket is still limited', async () => {
    fake.rateLimit({
      path: /^\/channels\/77\//,
      retryAfterMs: 64_570,
      bucket: 'abcd1234',
      limit: 10,
      code: 20028,
    });
    const res = await post('77');
    expect(res.status).toBe(429);
    const [served] = fake.rateLimited().slice(-1);
    expect(served).toMatchObject({
      method: 'POST',
      path: '/channels/77/messages',
      early: false,
      global: false,
    });
    expect(
      Object.fromEntries([...res.headers].filter(([k]) => /^(x-ratelimit|retry-after)/.test(k))),
    ).toEqual({
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((served?.resetAt ?? 0) / 1000).toFixed(3),
      'x-ratelimit-reset-after': '64.570',
      'x-ratelimit-bucket': 'abcd1234',
      'x-ratelimit-scope': 'user',
      'retry-after': '65',
    });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 64.57,
      global: false,
      code: 20028,
    });
    const again = await post('77');
    expect(again.status).toBe(429);
    expect(fake.rateLimited().at(-1)).toMatchObject({ early: true });
    expect(fake.messages('77')).toEqual([]);
  });

  it('a global limit says so and holds every route', async () => {
    fake.rateLimit({ method: 'PATCH', global: true, retryAfterMs: 30_000 });
    const res = await fetch(`${fake.apiUrl}/v10/channels/${fake.channelId}`, {
      method: 'PATCH',
      headers: { authorization: `Bot ${fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'x' }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-global')).toBe('true');
    expect(res.headers.get('x-ratelimit-scope')).toBe('global');
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ global: true, retry_after: 30 });
    expect((await post(fake.channelId)).status).toBe(429);
    expect(fake.rateLimited().map((r) => [r.method, r.early, r.global])).toEqual([
      ['PATCH', false, true],
      ['POST', true, true],
    ]);
  });

  it('discord.js waits out each 429 and delivers once: no request before the announced reset', async () => {
    const client = await login();
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const route = /^\/channels\/\d+\/messages(\/\d+)?$/;
    fake.rateLimit({ method: 'POST', path: route, times: 2, retryAfterMs: 150 });
    fake.rateLimit({ method: 'PATCH', path: route, times: 2, retryAfterMs: 150, global: true });
    const before = fake.messages(fake.channelId).length;
    const msg = await channel.send('through the storm');
    await msg.edit('edited through the storm');
    const served = fake.rateLimited();
    expect(served.map((r) => [r.method, r.early])).toEqual([
      ['POST', false],
      ['POST', false],
      ['PATCH', false],
      ['PATCH', false],
    ]);
    const mine = fake.messages(fake.channelId).slice(before);
    expect(mine.map((m) => m.content)).toEqual(['edited through the storm']);
    const retries = fake.requests.filter((r) => r.at >= (served[0]?.at ?? 0) && route.test(r.path));
    expect(retries.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'PATCH', 'PATCH', 'PATCH']);
    for (const [i, limited] of served.entries()) {
      const next = retries[i + 1 + Math.floor(i / 2)];
      expect(next?.at).toBeGreaterThanOrEqual(limited.resetAt);
    }
  });
});
