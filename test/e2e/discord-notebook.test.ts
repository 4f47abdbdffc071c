/**
 * The team notebook on Discord end to end: /kb add, the "Save to notebook" context menu with a link
 * back, /kb search (embeddings, then rerank), /kb ask (a streamed answer citing the notes, in a
 * thread), /kb forget (own notes, or a channel's for admins), and a failing rerank. Channel scoping
 * and persistence are covered against the store in notebook-service.test.ts.
 */
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { CommandOption, StoredMessage } from '../fakes/discord.js';
import { isFinished } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter } = useDiscordBot({
  env: { EMBEDDING_MODEL: 'openai/text-embedding-3-small', RERANK_MODEL: 'cohere/rerank-v3.5' },
});

const NOT_ADMIN = '0';
const BOB = '300000000000000002';
const EPHEMERAL = 64;
const embeds = (m: StoredMessage) => m.embeds as APIEmbed[];
const str = (name: string, value: string): CommandOption => ({ name, type: 3, value });
const bodies = (path: string) =>
  openrouter.requests.filter((r) => r.path === path).map((r) => r.body as Record<string, unknown>);

async function kb(
  sub: string,
  options: CommandOption[],
  who: { userId?: string; userName?: string; permissions?: string; channelId?: string } = {},
  done: (m: StoredMessage) => boolean = (m) => m.content.length > 0 || m.embeds.length > 0,
) {
  const h = discord.slashCommand({ name: 'kb', options: [{ name: sub, type: 1, options }], ...who });
  await h.waitForCallback();
  return discord.waitFor(() =>
    discord.messages(who.channelId ?? discord.channelId).find((m) => m.interactionId === h.id && done(m)),
  );
}

const add = (text: string, who = {}) => kb('add', [str('text', text)], who);
const search = (query: string, extra: CommandOption[] = [], who = {}) =>
  kb('search', [str('query', query), ...extra], who, (m) => m.embeds.length > 0 || m.content.includes('⚠️'));

describe('the notebook on Discord', () => {
  it('/kb add embeds and stores the note, linking it to the confirmation message', async () => {
    const m = await add('The release date is Friday the 12th.');
    expect(m.content).toMatch(
      /^📓 Saved to the notebook as note `[\w-]+`: “The release date is Friday the 12th\.”/,
    );
    expect(bodies('/embeddings').at(-1)).toMatchObject({
      model: 'openai/text-embedding-3-small',
      input: 'The release date is Friday the 12th.',
    });
    const hit = embeds(await search('when is the release'))[0];
    expect(hit?.fields?.[0]?.value).toContain(
      `[open](https://discord.com/channels/${discord.guildId}/${discord.channelId}/${m.id})`,
    );
  });

  it('"Save to notebook" saves any message privately, with a link back to it, without footer lines', async () => {
    const msg = await discord.sendMessage({
      content: 'Deploys need two approvals.\n-# openai/gpt-4o-mini · 12 tokens',
      mentionsBot: false,
    });
    const h = discord.messageCommand({ name: 'Save to notebook', messageId: msg.id });
    await h.waitForCallback();
    const saved = await discord.waitFor(() =>
      discord
        .messages(discord.channelId)
        .find((m) => m.interactionId === h.id && m.content.includes('Saved')),
    );
    expect(saved.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(bodies('/embeddings').at(-1)?.input).toBe('Deploys need two approvals.');
    const [card] = embeds(await search('how many approvals for deploys'));
    expect(card?.fields?.[0]?.value).toContain('Deploys need two approvals.');
    expect(card?.fields?.[0]?.value).toContain(
      `/channels/${discord.guildId}/${discord.channelId}/${msg.id})`,
    );
  });

  it('/kb search ranks by embeddings, then rerank, and shows the best with scores and links', async () => {
    await add('The office wifi password is hunter2.');
    await add('Lunch is served at noon in the kitchen.');
    await add('The release date is Friday the 12th.');
    const [card] = embeds(await search('release date'));
    expect(card?.title).toBe('Notebook: best matches for “release date”');
    expect(card?.fields?.[0]?.name).toMatch(/^1\. note [\w-]+ · alice · \d{4}-\d\d-\d\d$/);
    expect(card?.fields?.[0]?.value).toMatch(
      /^The release date is Friday the 12th\.\n_relevance \d\.\d\d_ · \[open\]/,
    );
    expect(card?.footer?.text).toBe('3 notes in this server searched · embeddings + rerank');
    const rerank = bodies('/rerank').at(-1);
    expect(rerank).toMatchObject({ model: 'cohere/rerank-v3.5', query: 'release date' });
    expect(rerank?.documents).toHaveLength(3);
  });

  it('when rerank fails the cosine order is shown and the card says why', async () => {
    await add('Backups run every night at 2am.');
    openrouter.injectFault({ kind: 'status', status: 500 }, { path: '/rerank' });
    const [card] = embeds(await search('when do backups run'));
    expect(card?.fields?.[0]?.value).toMatch(/Backups run every night at 2am\.\n_similarity \d\.\d\d_/);
    expect(card?.footer?.text).toContain('embeddings only (rerank failed: OpenRouter');
  });

  it('/kb ask answers in a thread, streamed, from a prompt holding the best notes, with the sources above', async () => {
    await add('The release date is Friday the 12th.');
    await add('Lunch is served at noon in the kitchen.');
    openrouter.queueReply({ text: 'The release is on Friday the 12th [1].', chunkSize: 6 });
    await kb('ask', [str('question', 'When is the release?')], {}, (m) =>
      m.content.includes('asked the notebook'),
    );
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).startsWith('📓 When is the release?')),
    );
    const answer = await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    expect(answer.content).toContain('The release is on Friday the 12th [1].');
    const starter = discord.messages(discord.channelId).find((m) => m.content.includes('asked the notebook'));
    expect(embeds(starter as StoredMessage)[0]?.title).toBe('Sources from the notebook');
    expect(embeds(starter as StoredMessage)[0]?.description).toMatch(
      /^\[1\] The release date is Friday the 12th\. — \[open\]/,
    );
    const chat = bodies('/chat/completions').at(-1) as {
      messages: Array<{ role: string; content: unknown }>;
    };
    const user = JSON.stringify(chat.messages.at(-1)?.content);
    expect(user).toContain('[1] (note ');
    expect(user).toContain('The release date is Friday the 12th.');
    expect(user).toContain('Question: When is the release?');
    // the thread continues like any conversation, with the notes still in its history
    await discord.sendMessage({ channelId: thread.id, content: 'and lunch?' });
    await discord.waitFor(() => discord.messages(thread.id).filter(isFinished).length === 2);
    expect(JSON.stringify(bodies('/chat/completions').at(-1))).toContain(
      'The release date is Friday the 12th.',
    );
  });

  it('/kb ask with an empty notebook says how to fill it', async () => {
    const m = await kb('ask', [str('question', 'Anything?')]);
    expect(m.content).toContain('There are no notes in this server to answer from yet');
    expect(bodies('/chat/completions')).toHaveLength(0);
  });

  it('/kb forget: your own note by id, not others’; all of a channel’s only for admins', async () => {
    const mine = await add('Alice note: standup at 9.', { permissions: NOT_ADMIN });
    const id = /note `([\w-]+)`/.exec(mine.content)?.[1] as string;
    await add('Bob note: retro on Thursday.', { userId: BOB, permissions: NOT_ADMIN });

    const refused = await kb('forget', [str('id', id)], { userId: BOB, permissions: NOT_ADMIN });
    expect(refused.content).toContain('Only the person who saved a note (or an admin) can forget it.');
    expect(refused.flags & EPHEMERAL).toBe(EPHEMERAL);
    const unknown = await kb('forget', [str('id', 'nope123')], { permissions: NOT_ADMIN });
    expect(unknown.content).toContain('There is no note `nope123`');
    const none = await kb('forget', [], { permissions: NOT_ADMIN });
    expect(none.content).toContain('Say which');

    const forgot = await kb('forget', [str('id', id)], { permissions: NOT_ADMIN });
    expect(forgot.content).toBe(`🗑️ Forgot note \`${id}\`.`);
    expect(embeds(await search('standup'))[0]?.footer?.text).toMatch(/^1 notes? in this server searched/);

    const denied = await kb('forget', [{ name: 'all', type: 5, value: true }], { permissions: NOT_ADMIN });
    expect(denied.content).toContain('Only admins can forget every note of a channel');
    const all = await kb('forget', [{ name: 'all', type: 5, value: true }]);
    expect(all.content).toBe('🗑️ Forgot 1 note saved in this channel.');
    expect(embeds(await search('retro'))[0]?.description).toContain('No notes in this server yet');
  });
});
