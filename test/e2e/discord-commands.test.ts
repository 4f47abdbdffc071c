/**
 * Discord commands beyond a plain /chat: the interaction token expiring mid-answer, /model with
 * autocomplete, the back end and reasoning options, image attachments, /stop and deploy.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { deployCommands } from '../../adapters/discord/deploy-commands.js';
import { commands } from '../../commands/index.js';
import { makeModel } from '../fakes/openrouter.js';
import { isFinished } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const { discord, openrouter } = useDiscordBot({ env: { STREAM_EDIT_INTERVAL_MS: '300' } });

const str = (name: string, value: string) => ({ name, type: 3, value });
const lastBody = (suffix: string) =>
  openrouter.requests.filter((r) => r.path.endsWith(suffix)).at(-1)?.body as Record<string, unknown>;

async function openThread(prompt: string) {
  const h = discord.slashCommand({ name: 'chat', options: [str('prompt', prompt)] });
  await h.waitForCallback();
  const thread = await discord.waitFor(() =>
    discord.threads().find((t) => String(t.name).startsWith(prompt)),
  );
  await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
  return thread;
}

describe('Discord commands', () => {
  it('finishes an answer through the channel once the interaction token has expired', async () => {
    const thread = await openThread('token test');
    openrouter.queueReply({ text: 'slow answer that outlives the token', chunkSize: 5, hold: true });
    const h = discord.slashCommand({ name: 'chat', channelId: thread.id, options: [str('prompt', 'go on')] });
    await h.waitForCallback();
    const first = await discord.waitFor(() =>
      discord
        .messages(thread.id)
        .find((m) => JSON.stringify(m.components).includes('stop:') && m.content.length > 2),
    );
    discord.expireInteraction(h.token);
    openrouter.releaseHeld();
    const done = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.id === first.id && isFinished(m)),
    );
    expect(done.content).toContain('slow answer that outlives the token');
    expect(
      discord.requests.some(
        (r) => r.method === 'PATCH' && r.path === `/channels/${thread.id}/messages/${first.id}`,
      ),
    ).toBe(true);
  });

  it('/model set with autocomplete, then /chat uses it; /model show explains where it comes from', async () => {
    openrouter.setModels([
      makeModel({ id: 'openai/gpt-4o-mini', name: 'GPT-4o mini', contextLength: 128_000 }),
      makeModel({
        id: 'anthropic/claude-sonnet-4',
        name: 'Claude Sonnet 4',
        contextLength: 200_000,
        input: ['text', 'image'],
      }),
      makeModel({ id: 'meta-llama/llama-3.3-70b', name: 'Llama 3.3 70B', contextLength: 131_072 }),
    ]);
    const ac = discord.autocomplete({
      name: 'model',
      options: [
        { name: 'set', type: 1, options: [{ name: 'model', type: 3, value: 'sonnet', focused: true }] },
      ],
    });
    const choices = (await ac.waitForCallback()).data as { choices: Array<{ value: string }> };
    expect(choices.choices[0]?.value).toBe('anthropic/claude-sonnet-4');

    const set = discord.slashCommand({
      name: 'model',
      options: [{ name: 'set', type: 1, options: [str('model', 'anthropic/claude-sonnet-4')] }],
    });
    expect((await set.waitForCallback()).type).toBe(4);
    await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.content.includes('default model to')),
    );
    await openThread('which model');
    expect(lastBody('/chat/completions').model).toBe('anthropic/claude-sonnet-4');

    const show = discord.slashCommand({ name: 'model', options: [{ name: 'show', type: 1, options: [] }] });
    await show.waitForCallback();
    const shown = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.content.startsWith('Model here')),
    );
    expect(shown.content).toContain('your default');
  });

  it('an unknown model is refused with suggestions, before anything is sent upstream', async () => {
    const before = openrouter.count('/chat/completions');
    const h = discord.slashCommand({
      name: 'chat',
      options: [str('prompt', 'hi'), str('model', 'gpt-4o-mini')],
    });
    await h.waitForCallback();
    const msg = await discord.waitFor(() =>
      [
        ...discord.messages(discord.channelId),
        ...discord.threads().flatMap((t) => discord.messages(t.id)),
      ].find((m) => m.content.includes('no model')),
    );
    expect(msg.content).toContain('openai/gpt-4o-mini');
    expect(openrouter.count('/chat/completions')).toBe(before);
  });

  it('backend:messages and reasoning go to the Messages API; reasoning arrives as an attached file', async () => {
    openrouter.queueReply({ text: 'final words', reasoning: 'step one, step two' });
    const h = discord.slashCommand({
      name: 'chat',
      options: [str('prompt', 'think hard'), str('backend', 'messages'), str('reasoning', 'high')],
    });
    await h.waitForCallback();
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).startsWith('think hard')),
    );
    const file = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.attachments.some((a) => a.filename === 'reasoning.txt')),
    );
    expect(Buffer.from(file.attachments[0]?.data ?? []).toString()).toContain('step one, step two');
    const answer = discord.messages(thread.id).find(isFinished);
    expect(answer?.content).toContain('final words');
    expect(answer?.content).not.toContain('step one');
    expect(lastBody('/messages')).toMatchObject({
      reasoning: { effort: 'high' },
      system: expect.any(String),
    });
  });

  it('an image attachment becomes an image part for a vision model; other files are noted as ignored', async () => {
    openrouter.setModels([
      makeModel({
        id: 'openai/gpt-4o-mini',
        name: 'GPT-4o mini',
        contextLength: 128_000,
        input: ['text', 'image'],
      }),
    ]);
    const png = discord.addAttachment({
      filename: 'chart.png',
      contentType: 'image/png',
      data: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
        .png()
        .toBuffer(),
    });
    const zip = discord.addAttachment({
      filename: 'data.zip',
      contentType: 'application/zip',
      data: new Uint8Array([80, 75]),
    });
    await discord.sendMessage({
      content: 'what is in this chart?',
      mentionsBot: true,
      attachments: [png, zip],
    });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('chart')),
    );
    await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    const body = JSON.stringify(lastBody('/chat/completions'));
    expect(body).toContain('data:image/jpeg;base64,'); // prepared (re-encoded) for the model
    expect(discord.messages(thread.id).some((m) => m.content.includes('ignored data.zip'))).toBe(true);
  });

  it('a private answer stays private in every message, however long', async () => {
    openrouter.queueReply({
      text: `${'A private paragraph of the answer. '.repeat(50)}\n\n`.repeat(3),
      chunkSize: 400,
    });
    const h = discord.slashCommand({
      name: 'chat',
      options: [str('prompt', 'my private question'), { name: 'private', type: 5, value: true }],
    });
    await h.waitForCallback();
    const mine = () => discord.messages(discord.channelId).filter((m) => m.interactionId === h.id);
    await discord.waitFor(() => mine().some(isFinished));
    expect(mine().length).toBeGreaterThan(1); // the answer needed several messages
    for (const m of mine()) expect(m.flags & 64).toBe(64);
    expect(discord.threads()).toHaveLength(0);
  });

  it('a private /chat inside a shared thread stays out of the thread’s history', async () => {
    const thread = await openThread('team thread');
    const h = discord.slashCommand({
      name: 'chat',
      channelId: thread.id,
      options: [str('prompt', 'my salary question'), { name: 'private', type: 5, value: true }],
    });
    await h.waitForCallback();
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.interactionId === h.id && isFinished(m)),
    );
    await discord.sendMessage({ channelId: thread.id, content: 'public follow-up' });
    await discord.waitFor(() =>
      discord.messages(thread.id).some((m) => m.content.includes('Echo: public follow-up') && isFinished(m)),
    );
    const body = JSON.stringify(lastBody('/chat/completions'));
    expect(body).toContain('team thread');
    expect(body).not.toContain('my salary question');
  });

  it('a refusal of a public command is shown only to the person, not in the channel', async () => {
    const h = discord.slashCommand({
      name: 'config',
      options: [
        { name: 'auto-transcribe', type: 1, options: [{ name: 'enabled', type: 3, value: 'on' }] },
      ] as never,
      permissions: '0',
    });
    await h.waitForCallback();
    const refusal = await discord.waitFor(() =>
      discord.messages(discord.channelId).find((m) => m.content.includes('Only admins can use')),
    );
    expect(refusal.flags & 64).toBe(64);
    expect(
      discord.messages(discord.channelId).filter((m) => (m.flags & 64) === 0 && m.interactionId === h.id),
    ).toEqual([]);
  });

  it('deploy registers every command once and skips the write when nothing changed', async () => {
    const opts = {
      token: discord.token,
      applicationId: discord.applicationId,
      apiUrl: discord.apiUrl,
      guildId: discord.guildId,
      commands,
    };
    expect(await deployCommands(opts)).toMatchObject({ changed: true, count: commands.length });
    expect(discord.registeredCommands(discord.guildId)).toHaveLength(commands.length);
    const puts = () => discord.requests.filter((r) => r.method === 'PUT').length;
    const before = puts();
    expect(await deployCommands(opts)).toMatchObject({ changed: false });
    expect(puts()).toBe(before);
  });
});
