/**
 * Team governance on Discord, end to end (real discord.js against the fake Discord, the real client
 * against the fake OpenRouter, an injected clock): budgets refuse before anything is sent and reset
 * at the period end, /usage, role permissions (buttons included), admin-only /config with an audit
 * trail, forced ZDR on every outgoing request, and the rate limit of expensive commands.
 */
import { describe, expect, it } from 'vitest';
import type { InteractionHandle } from '../fakes/discord.js';
import { isFinished } from './discord-harness.js';
import { useDiscordBot } from './use-discord-bot.js';

let clock: number;
const MEMBER = '300000000000000077';
const member = { userId: MEMBER, userName: 'bob', permissions: '0' };

const { discord, openrouter, bot } = useDiscordBot({
  now: () => clock,
  env: { EXPENSIVE_PER_HOUR: '1' },
  setUp: () => {
    clock = Date.UTC(2030, 0, 15, 22, 0);
  },
});

type Opt = { name: string; type: number; value?: unknown; options?: Opt[] };
const str = (name: string, value: string): Opt => ({ name, type: 3, value });
const num = (name: string, value: number): Opt => ({ name, type: 10, value });
const sub = (name: string, options: Opt[] = []): Opt => ({ name, type: 1, options });
const chats = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** Everything the bot said through this interaction (the callback or deferred reply, and follow-ups). */
async function said(h: InteractionHandle, probe: RegExp): Promise<string> {
  return discord.waitFor(() => {
    const texts = discord.requests
      .filter((r) => (r.method === 'PATCH' || r.method === 'POST') && r.path.includes(h.token))
      .map((r) => r.body as { content?: unknown; data?: { content?: unknown } } | undefined)
      // a type-4 callback carries the message under `data`; webhook posts and edits carry it directly
      .map((b) => String(b?.content ?? b?.data?.content ?? ''))
      .filter((text) => text !== '✅ Done.');
    const all = texts.join('\n');
    return probe.test(all) ? all : undefined;
  });
}

async function slash(name: string, options: Opt[], who: object = {}, probe = /\S/) {
  const h = discord.slashCommand({ name, options: options as never, ...who });
  await h.waitForCallback();
  return said(h, probe);
}

const config = (subcommand: string, options: Opt[], who: object = {}) =>
  slash('config', [sub(subcommand, options)], who);

async function chat(prompt: string, who: object = member) {
  const h = discord.slashCommand({ name: 'chat', options: [str('prompt', prompt)], ...who });
  await h.waitForCallback();
  return h;
}
const answered = (prompt: string) =>
  discord.waitFor(() => {
    const thread = discord.threads().find((t) => String(t.name).startsWith(prompt));
    return thread && discord.messages(thread.id).find(isFinished);
  });

describe('budgets on Discord', () => {
  it('refuses /chat before asking OpenRouter once the daily budget is used up, and answers again the next day', async () => {
    expect(await config('budget', [str('scope', 'user'), str('period', 'day'), num('usd', 0.01)])).toContain(
      'every user may spend $0.01 per day',
    );
    openrouter.queueReply({ text: 'first answer', usage: { cost: 0.02 } });
    await chat('first question');
    await answered('first question');
    expect(chats()).toHaveLength(1);

    const refused = await said(await chat('second question'), /budget/);
    expect(refused).toContain('Your daily budget of $0.01 is used up ($0.02 spent, $0.00 left)');
    expect(refused).toContain('resets at 00:00 UTC on 2030-01-16 (in 2 h)');
    expect(chats()).toHaveLength(1); // the fake OpenRouter saw nothing
    expect(discord.threads().some((t) => String(t.name).startsWith('second question'))).toBe(false);

    const usage = await slash('usage', [], member, /Usage/);
    expect(usage).toContain('Total: **$0.02**');
    expect(usage).toContain('`openai/gpt-4o-mini` $0.02 (1)');
    expect(usage).toContain('your daily budget: $0.00 of $0.01 left');

    clock = Date.UTC(2030, 0, 16, 0, 0, 1); // past midnight UTC
    await chat('third question');
    await answered('third question');
    expect(chats()).toHaveLength(2);
  });

  it('/usage shows admins everyone by user, channel and model, and others only themselves', async () => {
    openrouter.queueReply({ text: 'paid answer', usage: { cost: 0.5 } });
    await chat('spend something');
    await answered('spend something');
    const admin = await slash('usage', [str('period', 'day')], {}, /Usage/);
    expect(admin).toContain('everyone here');
    expect(admin).toContain(`**By user:** <@${MEMBER}> $0.50 (1)`);
    expect(admin).toContain(`**By channel:** <#${discord.channelId}> $0.50 (1)`);
    const nosy = await slash('usage', [str('user', '300000000000000001')], member, /⚠️/);
    expect(nosy).toContain('Only admins can see other people’s usage');
  });
});

describe('permissions on Discord', () => {
  it('lets only a permitted role use /chat (and its Regenerate button); others are told why', async () => {
    const role = discord.createRole('ai-users');
    await chat('before the rule');
    const answer = await answered('before the rule');
    expect(await config('permit', [str('command', 'chat'), str('ids', `<@&${role}>`)])).toContain(
      `\`/chat\` is now open to admins and \`${role}\` only`,
    );
    const denied = await said(await chat('not allowed'), /⚠️/);
    expect(denied).toContain('Only some people may use `chat` here');
    expect(chats()).toHaveLength(1);

    const click = discord.buttonClick({ messageId: answer.id, customId: 'regenerate:last', ...member });
    await click.waitForCallback();
    await said(click, /Only some people may use `chat`/);
    expect(chats()).toHaveLength(1);

    await chat('with the role', { ...member, roles: [role] });
    await answered('with the role');
    expect(chats()).toHaveLength(2);
  });

  it('keeps /config for admins, audits changes and refusals, and shows the settings', async () => {
    const refused = await config(
      'budget',
      [str('scope', 'server'), str('period', 'month'), num('usd', 100)],
      member,
    );
    expect(refused).toContain('Only admins can use `/config budget`');
    expect(await config('show', [], member)).toContain('Only admins can use `/config show`');
    await config('models', [str('patterns', 'openai/* anthropic/*')]);
    await config('channels', [str('mode', 'deny'), str('channels', '<#200000000000000999>')]);
    const show = await config('show', []);
    expect(show).toContain('**Models:** `openai/*`, `anthropic/*`');
    expect(show).toContain('**Channels:** all but <#200000000000000999>');
    expect(show).toContain('this server: no limit');
    const audit = await config('audit', []);
    expect(audit).toMatch(/⚙️ <@\d+> `config channels`: channels: deny 200000000000000999/);
    expect(audit).toMatch(/⚙️ <@\d+> `config models`: models: openai\/\* anthropic\/\*/);
    expect(audit).toContain(`⛔ <@${MEMBER}> \`config budget\` refused (POLICY.ADMIN_ONLY)`);
    const stored = await bot.app.services.governance.settings.get({
      platform: 'discord',
      serverId: discord.guildId,
    });
    expect(stored.budgets.server).toBeUndefined();
  });
});

describe('privacy and expensive commands on Discord', () => {
  it('forces ZDR routing on every outgoing request once an admin turns it on, after a preview', async () => {
    const on = await config('zdr', [str('enabled', 'on')]);
    expect(on).toContain('Zero-data-retention routing is **on**');
    expect(on).toMatch(
      /What it costs in model choice:\*\* \d+ ZDR endpoints from 1 provider qualify, serving \d+ of \d+ models/,
    );
    expect(on).toContain('✅ `openai/gpt-4o-mini` has a ZDR endpoint');
    expect(await config('show', [])).toContain('zero-data-retention routing **on**');
    await chat('private question');
    await answered('private question');
    await slash('speak', [str('text', 'Quietly now.')], member, /🔊/);
    const posts = openrouter.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual(expect.arrayContaining(['/chat/completions', '/audio/speech']));
    for (const r of posts)
      expect((r.body as { provider?: unknown }).provider).toMatchObject({
        zdr: true,
        data_collection: 'deny',
      });
  });

  it('rate-limits /speak per user per hour with a clear "try again in"', async () => {
    await slash('speak', [str('text', 'One.')], member, /🔊/);
    const second = await slash('speak', [str('text', 'Two.')], member, /⚠️/);
    expect(second).toContain('You can start 1 expensive command (speech, video) per hour. Try again in 1 h.');
    expect(openrouter.requests.filter((r) => r.path.endsWith('/audio/speech'))).toHaveLength(1);
  });
});
