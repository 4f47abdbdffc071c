/**
 * Generations on Discord end to end: the Details button under an answer, /generation info, and
 * /generation content shown privately to the person who asked or to admins only.
 */
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { CommandOption, StoredMessage } from '../fakes/discord.js';
import { isFinished } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter, bot, start } = useDiscordBot();

const NOT_ADMIN = '0';
const BOB = '300000000000000002';
const CAROL = '300000000000000003';
const EPHEMERAL = 64;
const embeds = (m: StoredMessage) => m.embeds as APIEmbed[];
const field = (e: APIEmbed | undefined, name: string) => e?.fields?.find((f) => f.name === name)?.value;
const idOf = (id: string): CommandOption[] => [{ name: 'id', type: 3, value: id }];

/** Alice (not an admin) asks in a thread; returns the thread, the answer and its generation id. */
async function askAsAlice(prompt: string) {
  openrouter.queueReply({ text: `Answer to ${prompt}` });
  const h = discord.slashCommand({
    name: 'chat',
    options: [{ name: 'prompt', type: 3, value: prompt }],
    permissions: NOT_ADMIN,
  });
  await h.waitForCallback();
  const thread = await discord.waitFor(() =>
    discord.threads().find((t) => String(t.name).startsWith(prompt)),
  );
  const answer = await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
  const generationId = /gen-[\w-]+/.exec(answer.content)?.[0] as string;
  return { thread, answer, generationId };
}

async function generation(
  sub: 'info' | 'content',
  id: string,
  who: { userId?: string; permissions?: string; channelId?: string } = {},
) {
  const h = discord.slashCommand({
    name: 'generation',
    options: [{ name: sub, type: 1, options: idOf(id) }],
    ...who,
  });
  await h.waitForCallback();
  return discord.waitFor(() =>
    discord
      .messages(who.channelId ?? discord.channelId)
      .find((m) => m.interactionId === h.id && (m.embeds.length > 0 || m.content.includes('⚠️'))),
  );
}

describe('generations on Discord', () => {
  it('records who made each answer and shows its details from the Details button, privately', async () => {
    const { thread, answer, generationId } = await askAsAlice('details please');
    expect(await bot.store.namespace('generations').get(generationId)).toMatchObject({
      userId: '300000000000000001',
      platform: 'discord',
      channelId: discord.channelId,
    });
    const button = JSON.stringify(answer.components).match(
      /"custom_id":"(generation:gen-[^"]+)"/,
    )?.[1] as string;
    expect(button).toBe(`generation:${generationId}`);
    discord.buttonClick({ customId: button, messageId: answer.id, channelId: thread.id });
    const card = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => embeds(m)[0]?.title === `Generation ${generationId}`),
    );
    expect(card.flags & EPHEMERAL).toBe(EPHEMERAL);
    const [e] = embeds(card);
    expect(field(e, 'Model')).toBe('`openai/gpt-4o-mini`');
    expect(field(e, 'Provider')).toBeTruthy();
    expect(field(e, 'Tokens')).toMatch(/^\d+ in · \d+ out$/);
    expect(field(e, 'Cost')).toMatch(/^\$[\d.e-]+$/);
    expect(field(e, 'Latency')).toBe('first token 420 ms · total 1.2 s');
    expect(field(e, 'Finish reason')).toBe('stop');
    expect(e?.footer?.text).toContain('API completions · streamed');
  });

  it('/generation info works for anyone; an unknown id says where ids come from', async () => {
    const { generationId } = await askAsAlice('info for all');
    const shown = await generation('info', generationId, { userId: BOB, permissions: NOT_ADMIN });
    expect(shown.flags & EPHEMERAL).toBe(0);
    expect(embeds(shown)[0]?.title).toBe(`Generation ${generationId}`);
    const unknown = await generation('info', 'gen-does-not-exist');
    expect(unknown.content).toContain('OpenRouter has no generation `gen-does-not-exist`');
    expect(unknown.content).toContain('answer’s footer');
  });

  it('/generation content: the asker sees prompt and completion privately; others are refused; admins see all', async () => {
    const { generationId } = await askAsAlice('secret plans');
    const mine = await generation('content', generationId, { permissions: NOT_ADMIN });
    expect(mine.flags & EPHEMERAL).toBe(EPHEMERAL);
    const [prompt, completion] = embeds(mine);
    expect(prompt?.title).toBe(`Prompt of ${generationId}`);
    expect(prompt?.description).toContain('**user:** secret plans');
    expect(completion?.description).toBe('Answer to secret plans');

    const before = openrouter.count('/generation/content');
    const refused = await generation('content', generationId, { userId: BOB, permissions: NOT_ADMIN });
    expect(refused.content).toContain(
      'Only the person who asked for that answer (or an admin of the server it was asked in)',
    );
    expect(refused.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(openrouter.count('/generation/content')).toBe(before);

    const admin = await generation('content', generationId, { userId: CAROL });
    expect(embeds(admin)[1]?.description).toBe('Answer to secret plans');
  });

  it('content of a generation not made through the bot is for the bot operators only; a 403 upstream is explained', async () => {
    const { generationId } = await askAsAlice('direct');
    await bot.store.namespace('generations').delete(generationId);
    const refused = await generation('content', generationId, { permissions: NOT_ADMIN });
    expect(refused.content).toContain('not made through Switchboard here');
    // a server admin is not enough for a generation of unknown origin: only the bot's operators
    const serverAdmin = await generation('content', generationId, { userId: CAROL });
    expect(serverAdmin.content).toContain('only the bot operators (ADMIN_USER_IDS)');

    await start({ env: { ADMIN_USER_IDS: CAROL } });
    openrouter.injectFault({ kind: 'status', status: 403 }, { path: '/generation/content' });
    const blocked = await generation('content', generationId, { userId: CAROL });
    expect(blocked.content).toContain('prompt logging is on');
  });

  it('the prompt & completion button under an info card follows the same rule', async () => {
    const { generationId } = await askAsAlice('button rule');
    const info = await generation('info', generationId, { userId: BOB, permissions: NOT_ADMIN });
    const id = JSON.stringify(info.components).match(
      /"custom_id":"(generation-content:[^"]+)"/,
    )?.[1] as string;
    // (button params carry the clicker's permissions like slash commands do)
    const asBob = { customId: id, messageId: info.id, userId: BOB, permissions: NOT_ADMIN };
    discord.buttonClick(asBob);
    const refused = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.content.includes('Only the person who asked')),
    );
    expect(refused.flags & EPHEMERAL).toBe(EPHEMERAL);
    const asAlice = {
      customId: id,
      messageId: info.id,
      userId: '300000000000000001',
      permissions: NOT_ADMIN,
    };
    discord.buttonClick(asAlice);
    const shown = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => embeds(m)[0]?.title === `Prompt of ${generationId}`),
    );
    expect(shown.flags & EPHEMERAL).toBe(EPHEMERAL);
  });
});
