/**
 * Budgets and privacy rules on Slack end to end (real Bolt over HTTP against the fake Slack, the real client
 * against the fake OpenRouter): 20 parallel chats against a budget for one answer, and a Slack DM following
 * its workspace's forced ZDR and budget.
 */
import { describe, expect, it, vi } from 'vitest';
import { useSlackBot } from './use-slack-bot.js';

const ADMIN = 'U0ADMIN001';
const MEMBER = 'U0MEMBER01';
const { slack, openrouter, bot } = useSlackBot({
  fake: { defaultTimeoutMs: 15_000 },
  setUp: (slack) => {
    slack.setUser(ADMIN, { is_admin: true });
  },
});

const chats = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));
/** Every text the bot posted, updated or showed ephemerally. */
const botTexts = () =>
  slack
    .calls()
    .filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method))
    .map((c) => String(c.params.text ?? ''));

async function slash(text: string, user: string, probe: RegExp) {
  await bot.send(slack.slash({ text, user }));
  return slack.waitFor(() => botTexts().find((t) => probe.test(t)));
}

describe('reservations on Slack', () => {
  it('20 parallel chats against a budget for one: exactly one answered, 19 refused before any upstream call', async () => {
    await slash('config budget scope:user period:day usd:0.012', ADMIN, /Budget set/);
    for (let i = 0; i < 20; i++)
      openrouter.queueReply({ text: `answer number ${i}`, usage: { cost: 0.005 } });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bot.send(slack.slash({ text: `chat prompt:"parallel ${i + 10}"`, user: MEMBER })),
      ),
    );
    const refusals = await slack.waitFor(() => {
      const found = botTexts().filter((t) => t.includes('⚠️') && /daily budget/.test(t));
      return found.length >= 19 ? found : undefined;
    });
    expect(refusals).toHaveLength(19);
    for (const text of refusals) expect(text).toContain('resets at 00:00 UTC');
    expect(chats()).toHaveLength(1);
    // the one answer settles its reservation to the real cost once its stream ends
    const spend = bot.app.services.governance.ledger.spend;
    const account = { platform: 'slack', serverId: slack.teamId, channelId: slack.channelId, userId: MEMBER };
    await vi.waitFor(
      async () => expect(await spend.getMicros(account, 'user', 'day', Date.now())).toBe(5000),
      {
        timeout: 10_000,
      },
    );
    expect(botTexts().filter((t) => t.includes('⚠️'))).toHaveLength(19);
  });
});

describe('Slack DMs follow their workspace', () => {
  it('a workspace forcing ZDR puts provider.zdr on DM requests; its user budget counts DM spend', async () => {
    await bot.send(slack.dm({ text: 'before zdr', user: MEMBER }));
    await slack.waitFor(() => chats().find((r) => JSON.stringify(r.body).includes('before zdr')));
    expect(chats()[0]?.body).not.toHaveProperty('provider');
    await slash('config zdr enabled:on', ADMIN, /Zero-data-retention routing is \*\*on\*\*|ZDR/);
    await bot.send(slack.dm({ text: 'after zdr', user: MEMBER }));
    const sent = await slack.waitFor(() => chats().find((r) => JSON.stringify(r.body).includes('after zdr')));
    expect(sent.body).toMatchObject({ provider: { zdr: true, data_collection: 'deny' } });
    const { ledger } = bot.app.services.governance;
    const dmAccount = { platform: 'slack', serverId: slack.teamId, channelId: 'D-any', userId: MEMBER };
    await vi.waitFor(
      async () => {
        const entries = await ledger.list({ platform: 'slack', serverId: slack.teamId }, 'day');
        expect(entries).toHaveLength(2);
        const total = entries.reduce((sum, e) => sum + (e.costMicros ?? 0), 0);
        expect(total).toBeGreaterThan(0);
        expect(await ledger.spend.getMicros(dmAccount, 'user', 'day', Date.now())).toBe(total);
        expect(await ledger.spend.getMicros(dmAccount, 'server', 'day', Date.now())).toBe(total);
      },
      { timeout: 10_000 },
    );
  });
});
