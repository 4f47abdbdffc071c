/**
 * Discord conversations beyond /chat: mentions open threads, DMs chat, history survives a restart
 * (SQLite store), and neither the OpenRouter key nor the bot token ever reaches logs or chat.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStateStore } from '../../src/state/create-state-store.js';
import type { GatewaySession } from '../fakes/discord/gateway.js';
import { isFinished, OR_KEY, visible } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-discord-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const { discord, openrouter, logs, start, stop } = useDiscordBot({ logs: true, autoStart: false });

const lastChat = () =>
  JSON.stringify(openrouter.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body);

describe('Discord conversations', () => {
  it('a mention starts a thread, and the thread keeps its history across a restart', async () => {
    const store1 = await createStateStore({ dataDir: dir });
    await start({ store: store1 });
    await discord.sendMessage({ content: 'remember the codeword heliotrope', mentionsBot: true });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('codeword')),
    );
    await discord.waitFor(() => discord.messages(thread.id).find(isFinished));
    await stop();
    await store1.close();

    const store2 = await createStateStore({ dataDir: dir });
    await start({ store: store2 });
    await discord.sendMessage({ channelId: thread.id, content: 'what was the codeword?' });
    await discord.waitFor(() =>
      discord
        .messages(thread.id)
        .find((m) => m.content.includes('Echo: what was the codeword?') && isFinished(m)),
    );
    expect(lastChat()).toContain('heliotrope');
    await stop();
    await store2.close();

    const all = logs.join('\n') + visible(discord.messages(thread.id));
    expect(logs.length).toBeGreaterThan(5);
    expect(all).not.toContain(OR_KEY);
    expect(all).not.toContain(discord.token);
  });

  it('a message in a channel without a mention is ignored; a DM is answered', async () => {
    await start();
    const before = openrouter.count('/chat/completions');
    await discord.sendMessage({ content: 'just talking among ourselves' });
    const dm = await discord.sendMessage({ content: 'hello in private', guildId: null });
    await discord.waitFor(() =>
      discord
        .messages(dm.channel_id)
        .find((m) => m.content.includes('Echo: hello in private') && isFinished(m)),
    );
    expect(openrouter.count('/chat/completions')).toBe(before + 1);
    expect(discord.threads()).toHaveLength(0);
  });

  it('a mention whose thread already exists (opened by an instance that died right after) is answered in it', async () => {
    await start();
    // the message reaches no session yet: first another instance opens its thread and dies
    discord.gateway.onlyTo = {} as GatewaySession;
    const m = await discord.sendMessage({ content: 'already threaded question', mentionsBot: true });
    discord.gateway.onlyTo = undefined;
    const opened = await fetch(
      `${discord.apiUrl}/v10/channels/${discord.channelId}/messages/${m.id}/threads`,
      {
        method: 'POST',
        headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'opened before a crash' }),
      },
    );
    expect(opened.ok).toBe(true);
    const sent = discord.gateway.dispatched.findLast(
      (e) => e.t === 'MESSAGE_CREATE' && (e.d as { id?: string }).id === m.id,
    );
    discord.gateway.dispatch('MESSAGE_CREATE', sent?.d);
    await discord.waitFor(() =>
      discord
        .messages(m.id)
        .find((x) => x.content.includes('Echo: already threaded question') && isFinished(x)),
    );
    expect(discord.threads().map((t) => t.id)).toEqual([m.id]);
    const inChannel = discord.messages(discord.channelId).filter((x) => x.content.includes('Echo: already'));
    expect(inChannel).toHaveLength(0);
  });
});
