/**
 * Budgets and privacy rules that hold under concurrency and in DMs, on Discord end to end (real discord.js
 * against the fake Discord, the real client against the fake OpenRouter): 20 parallel /chat against a budget
 * for one answer; ZDR of a server follows its members into DMs; bot-wide ZDR; DMs off; a server's model list
 * follows its members into DMs; /config show says which rules apply and why.
 */
import { describe, expect, it } from 'vitest';
import type { InteractionHandle } from '../fakes/discord.js';
import { isFinished, sentText, visible } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

const MEMBER = '300000000000000077';
const STRANGER = '300000000000000088';
const OPERATOR = '300000000000000099';
const member = { userId: MEMBER, userName: 'bob', permissions: '0' };
const inDm = (userId: string) => ({ userId, guildId: null });

const { discord, openrouter, bot, start } = useDiscordBot({
  autoStart: false,
  env: { ADMIN_USER_IDS: OPERATOR },
  fake: { defaultTimeoutMs: 15_000 },
});
const boot = (env: Record<string, string> = {}) => start({ env });

type Opt = { name: string; type: number; value?: unknown; options?: Opt[] };
const str = (name: string, value: string): Opt => ({ name, type: 3, value });
const num = (name: string, value: number): Opt => ({ name, type: 10, value });
const sub = (name: string, options: Opt[] = []): Opt => ({ name, type: 1, options });
const chats = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** Everything the bot said through this interaction (deferred reply and follow-ups), once it matches. */
function said(h: InteractionHandle, probe: RegExp): Promise<string> {
  return discord.waitFor(() => {
    const all = discord.requests
      .filter((r) => (r.method === 'PATCH' || r.method === 'POST') && r.path.includes(h.token))
      .map((r) => sentText(r.body))
      .join('\n');
    return probe.test(all) ? all : undefined;
  });
}

async function slash(name: string, options: Opt[], who: object, probe = /\S/) {
  const h = discord.slashCommand({ name, options: options as never, ...who });
  await h.waitForCallback();
  return said(h, probe);
}
const config = (subcommand: string, options: Opt[], who: object = {}, probe = /\S/) =>
  slash('config', [sub(subcommand, options)], who, probe);

/** Sends /chat and waits until its request reached the fake OpenRouter (or the refusal was said). */
async function chatOnce(prompt: string, who: object, options: Opt[] = []) {
  const before = chats().length;
  const h = discord.slashCommand({
    name: 'chat',
    options: [str('prompt', prompt), ...options] as never,
    ...who,
  });
  await h.waitForCallback();
  const outcome = await discord.waitFor(() => {
    const sent = chats()
      .slice(before)
      .find((r) => JSON.stringify(r.body).includes(prompt));
    if (sent) return { sent: sent.body as Record<string, unknown> };
    const refused = discord.requests.find((r) => r.path.includes(h.token) && sentText(r.body).includes('⚠️'));
    return refused ? { refused: sentText(refused.body) } : undefined;
  });
  return outcome as { sent?: Record<string, unknown>; refused?: string };
}

describe('reservations on Discord', () => {
  it('20 parallel /chat against a budget for one: exactly one answered, 19 refused before any upstream call', async () => {
    await boot();
    // a chat reserves about $0.0099 here (the model's 16,384 output tokens × $0.0000006 + its input): one fits
    // in $0.012, two do not, and once the first settled at its real cost ($0.005) no other fits either
    await config('budget', [str('scope', 'user'), str('period', 'day'), num('usd', 0.012)]);
    for (let i = 0; i < 20; i++) openrouter.queueReply({ text: `answer ${i}`, usage: { cost: 0.005 } });
    const handles = Array.from({ length: 20 }, (_, i) =>
      discord.slashCommand({
        name: 'chat',
        options: [str('prompt', `parallel question ${i + 10}`)] as never,
        ...member,
      }),
    );
    await Promise.all(handles.map((h) => h.waitForCallback()));
    const outcome = (t: { id: string }) => {
      const texts = discord.messages(t.id);
      if (texts.some(isFinished)) return 'answered';
      return texts.some((m) => m.content.includes('⚠️')) ? 'refused' : undefined;
    };
    const threads = await discord.waitFor(() => {
      const all = discord.threads().filter((t) => String(t.name).startsWith('parallel question'));
      return all.length === 20 && all.every(outcome) ? all : undefined;
    });
    expect(threads.filter((t) => outcome(t) === 'answered')).toHaveLength(1);
    const refusals = threads
      .filter((t) => outcome(t) === 'refused')
      .map((t) => visible(discord.messages(t.id)));
    expect(refusals).toHaveLength(19);
    for (const text of refusals) {
      expect(text).toMatch(/[Yy]our daily budget of \$0\.01\b/);
      expect(text).toContain('resets at 00:00 UTC');
    }
    expect(chats()).toHaveLength(1); // the fake OpenRouter saw one request, no more
    const governance = bot.app.services.governance;
    await governance.idle();
    const account = {
      platform: 'discord',
      serverId: discord.guildId,
      channelId: discord.channelId,
      userId: MEMBER,
    };
    expect(await governance.ledger.spend.getMicros(account, 'user', 'day', Date.now())).toBe(5000);
  });
});

describe('rules follow the person into DMs', () => {
  it('a server forcing ZDR puts provider.zdr on every DM request of its members, not of strangers', async () => {
    await boot();
    expect((await chatOnce('hello from the server', member)).sent?.provider).toBeUndefined();
    await config('zdr', [str('enabled', 'on')]);
    const dm = await chatOnce('hello from a dm', inDm(MEMBER));
    expect(dm.sent?.provider).toMatchObject({ zdr: true, data_collection: 'deny' });
    const stranger = await chatOnce('a stranger in a dm', inDm(STRANGER));
    expect(stranger.sent?.provider).toBeUndefined();
    const usage = await slash('usage', [], inDm(MEMBER), /Rules here/);
    expect(usage).toContain(
      `ZDR is forced because server ${discord.guildId} (which you share with the bot) forces it`,
    );
  });

  it('a server’s model allow-list follows its members into DMs', async () => {
    await boot();
    await chatOnce('seen in the server', member);
    await config('models', [str('patterns', 'openai/*')]);
    const refused = await chatOnce('another model', inDm(MEMBER), [
      str('model', 'anthropic/claude-sonnet-4'),
    ]);
    expect(refused.refused).toContain('`anthropic/claude-sonnet-4` is not one of them');
    expect(chats().some((r) => JSON.stringify(r.body).includes('another model'))).toBe(false);
  });

  it('bot-wide ZDR (BOT_FORCE_ZDR) holds in servers that did not ask and in DMs', async () => {
    await boot({ BOT_FORCE_ZDR: 'true' });
    expect((await chatOnce('server request', member)).sent?.provider).toMatchObject({ zdr: true });
    expect((await chatOnce('dm request', inDm(STRANGER))).sent?.provider).toMatchObject({ zdr: true });
    const show = await config('show', [], {}, /Why/);
    expect(show).toContain('ZDR is forced bot-wide (BOT_FORCE_ZDR)');
  });

  it('DM ZDR set by an operator with /config in a DM holds for every DM request', async () => {
    await boot();
    expect(await config('zdr', [str('enabled', 'on')], inDm(OPERATOR), /ZDR/)).toContain('**on**');
    expect((await chatOnce('a dm after the operator', inDm(STRANGER))).sent?.provider).toMatchObject({
      zdr: true,
    });
    expect((await chatOnce('a server request', member)).sent?.provider).toBeUndefined();
  });

  it('DMs off: a DM is refused with a clear message and nothing is sent; operators can turn them back on', async () => {
    await boot({ DM_ENABLED: 'false' });
    const refused = await chatOnce('anyone there?', inDm(STRANGER));
    expect(refused.refused).toContain('switched Switchboard off in direct messages');
    expect(chats()).toHaveLength(0);
    expect((await chatOnce('still fine in a server', member)).sent).toBeDefined();
  });

  it('operators choose which commands DMs may use (/config dms in a DM)', async () => {
    await boot();
    const set = await config(
      'dms',
      [str('enabled', 'on'), str('commands', 'usage')],
      inDm(OPERATOR),
      /DM|Direct/,
    );
    expect(set).toContain('Direct messages are **on**');
    const refused = await chatOnce('not in dms', inDm(STRANGER));
    expect(refused.refused).toContain('`/chat` is not available in direct messages');
    const inServer = await config('dms', [str('enabled', 'off')], {}, /⚠️/);
    expect(inServer).toContain('only the bot’s operators');
  });
});
