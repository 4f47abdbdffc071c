/**
 * Team governance on Slack, end to end (real Bolt over HTTP against the fake Slack, the real client
 * against the fake OpenRouter, an injected clock): budget refusal before anything is sent and the
 * reset at the period end, user permissions, admin-only /config with its audit trail, forced ZDR.
 */
import { describe, expect, it } from 'vitest';
import { answered, isFinished } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const ADMIN = 'U0ADMIN001';
const OTHER = 'U0OTHER001';
/** A workspace admin the bot has not looked up before their first mention. */
const NEW_ADMIN = 'U0ADMIN002';
let clock: number;
const { slack, openrouter, bot } = useSlackBot({
  now: () => clock,
  setUp: (slack) => {
    clock = Date.UTC(2030, 5, 30, 23, 30);
    slack.setUser(ADMIN, { is_admin: true });
    slack.setUser(NEW_ADMIN, { is_admin: true });
  },
});

const chats = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));
const ephemerals = (user: string) => slack.messages(slack.channelId).filter((m) => m.ephemeralTo === user);

/** Runs `/switchboard <text>` as `user` and returns the ephemeral answer it got. */
async function slash(text: string, user = slack.userId): Promise<string> {
  const before = ephemerals(user).length;
  const [ack] = await bot.send(slack.slash({ text, user }));
  expect(ack?.status).toBe(200);
  return (await slack.waitFor(() => ephemerals(user)[before])).text;
}

/** `/switchboard chat` as `user`, answered in the thread under the question. */
async function chat(prompt: string, user = slack.userId) {
  await bot.send(slack.slash({ text: `chat prompt:"${prompt}"`, user }));
  const question = await slack.waitFor(() =>
    slack.messages(slack.channelId).find((m) => m.isBot && m.text.includes(`asked: ${prompt}`)),
  );
  const bots = await answered(slack, slack.channelId, question.ts);
  expect(bots.some(isFinished)).toBe(true);
}

describe('team governance on Slack', () => {
  it('refuses chat before asking OpenRouter once the budget is used up, and answers again after the reset', async () => {
    expect(await slash('config budget scope:user period:day usd:0.01', ADMIN)).toContain(
      'every user may spend $0.01 per day',
    );
    openrouter.queueReply({ text: 'first answer', usage: { cost: 0.02 } });
    await chat('first question');
    const refused = await slash('chat prompt:"second question"');
    expect(refused).toContain('Your daily budget of $0.01 is used up ($0.02 spent, $0.00 left)');
    expect(refused).toContain('resets at 00:00 UTC on 2030-07-01 (in 30 min)');
    expect(chats()).toHaveLength(1);
    const usage = await slash('usage period:day');
    expect(usage).toContain('$0.02');
    clock = Date.UTC(2030, 6, 1, 0, 0, 1);
    await chat('third question');
    expect(chats()).toHaveLength(2);
  });

  it('lets only permitted users chat once an admin made a list; others are told why', async () => {
    expect(await slash(`config permit command:chat ids:<@${OTHER}>`, ADMIN)).toContain(`\`${OTHER}\``);
    const denied = await slash('chat prompt:"may I?"');
    expect(denied).toContain('Only some people may use `chat` here');
    expect(denied).toContain('your user id or a user group you are in');
    expect(chats()).toHaveLength(0);
    await chat('yes you may', OTHER);
    expect(chats()).toHaveLength(1);
    expect(await slash('config unpermit command:chat', ADMIN)).toContain(
      'Everyone may use `/switchboard chat` again',
    );
    await chat('everyone again');
  });

  it('answers mentions without looking the person up, unless a rule would refuse them: then an admin still passes', async () => {
    const lookups = (user: string) => slack.calls('users.info').filter((c) => c.params.user === user).length;
    const mention = async (text: string, user: string) => {
      const asked = slack.mention({ text, user });
      await bot.send(asked);
      return answered(slack, slack.channelId, asked.ts);
    };
    expect((await mention('no rules here', OTHER)).some(isFinished)).toBe(true);
    expect(lookups(OTHER)).toBe(0); // nothing needed the name or the admin flag

    expect(await slash(`config permit command:chat ids:<@${ADMIN}>`, ADMIN)).toContain(`\`${ADMIN}\``);
    const asked = slack.mention({ text: 'may I now?', user: OTHER });
    await bot.send(asked);
    await slack.waitFor(() =>
      [...slack.messages(slack.channelId), ...slack.messages(slack.channelId, asked.ts)].find((m) =>
        m.text.includes('Only some people may use `chat` here'),
      ),
    );
    expect(lookups(OTHER)).toBe(1); // asked once, before refusing
    const before = chats().length;
    expect((await mention('an admin may', NEW_ADMIN)).some(isFinished)).toBe(true);
    expect(chats()).toHaveLength(before + 1);
    expect(lookups(NEW_ADMIN)).toBe(1);
  });

  it('keeps /config for workspace admins and audits the refusal', async () => {
    const refused = await slash('config zdr enabled:on');
    expect(refused).toContain('Only admins can use `/config zdr`');
    expect(
      (await bot.app.services.governance.settings.get({ platform: 'slack', serverId: slack.teamId })).zdr,
    ).toBe(false);
    const audit = await slash('config audit', ADMIN);
    expect(audit).toContain(`<@${slack.userId}>`);
    expect(audit).toContain('`config zdr` refused (POLICY.ADMIN_ONLY)');
  });

  it('forces ZDR flags on every outgoing request once an admin turns it on', async () => {
    const on = await slash('config zdr enabled:on', ADMIN);
    expect(on).toContain('Zero-data-retention routing is');
    expect(on).toMatch(/\d+ ZDR endpoints from \d+ provider/);
    expect(await slash('config show', ADMIN)).toContain('zero-data-retention routing');
    await chat('a private matter');
    const posts = openrouter.requests.filter((r) => r.method === 'POST');
    expect(posts.length).toBeGreaterThan(0);
    for (const r of posts)
      expect((r.body as { provider?: unknown }).provider).toMatchObject({
        zdr: true,
        data_collection: 'deny',
      });
  });
});
