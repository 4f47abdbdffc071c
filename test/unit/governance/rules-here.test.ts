import { describe, expect, it } from 'vitest';
import { type BotRules, NO_BOT_RULES } from '../../../src/policy/bot-rules.js';
import { createGovernanceStore } from '../../../src/policy/governance-store.js';
import { createMembership } from '../../../src/policy/membership.js';
import { resolveRules } from '../../../src/policy/rules-here.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createSpendCounters } from '../../../src/usage/spend.js';

function setup(bot: BotRules = NO_BOT_RULES) {
  const store = createMemoryStore();
  const governance = createGovernanceStore(store);
  const membership = createMembership(store);
  const rules = (account: { serverId?: string; userId?: string; channelId?: string }) =>
    resolveRules(
      { governance, membership, bot },
      {
        platform: 'discord',
        channelId: account.channelId ?? 'C1',
        userId: account.userId ?? 'U1',
        ...account,
      },
    );
  return { governance, membership, rules };
}

describe('the rules that apply here', () => {
  it('a server cannot loosen the bot-wide floor', async () => {
    const { governance, rules } = setup({ ...NO_BOT_RULES, forceZdr: true, models: ['openai/*'] });
    await governance.update({ platform: 'discord', serverId: 'G1' }, (g) => ({
      ...g,
      zdr: false,
      models: ['*'],
    }));
    const here = await rules({ serverId: 'G1' });
    expect(here.zdr).toBe(true);
    expect(here.modelSets).toEqual([['*'], ['openai/*']]);
    expect(here.reasons.join('; ')).toContain('BOT_FORCE_ZDR');
  });

  it('a DM takes the strictest privacy rules and user budgets of the servers the person shares', async () => {
    const { governance, membership, rules } = setup();
    await governance.update({ platform: 'discord', serverId: 'G1' }, (g) => ({
      ...g,
      zdr: true,
      models: ['openai/*'],
      budgets: { ...g.budgets, user: { day: 0.5 } },
    }));
    await governance.update({ platform: 'discord', serverId: 'G2' }, (g) => ({ ...g, models: ['*mini*'] }));
    expect((await rules({})).zdr).toBe(false);
    await membership.seen('discord', 'U1', 'G1');
    await membership.seen('discord', 'U1', 'G2');
    const dm = await rules({});
    expect(dm.dm).toBe(true);
    expect(dm.zdr).toBe(true);
    expect(dm.modelSets).toEqual([['openai/*'], ['*mini*']]);
    expect(dm.budgets).toContainEqual({ scope: 'user', period: 'day', micros: 500_000 });
    expect((await rules({ userId: 'U2' })).zdr).toBe(false); // someone who shares no server
  });

  it('the DM policy: env floor and operator settings, the stricter wins', async () => {
    const bot: BotRules = {
      ...NO_BOT_RULES,
      dm: { enabled: true, commands: ['chat', 'usage'], forceZdr: false, models: [], userDayUsd: 1 },
    };
    const { governance, rules } = setup(bot);
    await governance.update({ platform: 'discord' }, (g) => ({
      ...g,
      dms: { enabled: true, commands: ['usage', 'speak'] },
      budgets: { ...g.budgets, user: { day: 2 } },
    }));
    const dm = await rules({});
    expect(dm.dmCommands).toEqual(['usage']);
    expect(dm.budgets.filter((b) => b.scope === 'user')).toEqual([
      { scope: 'user', period: 'day', micros: 2_000_000 },
      { scope: 'user', period: 'day', micros: 1_000_000 },
    ]);
    const limits = createSpendCounters(createMemoryStore()).reserveLimits(
      { platform: 'discord', channelId: 'D1', userId: 'U1' },
      dm.budgets,
      Date.UTC(2030, 0, 15),
    );
    expect(limits.find((l) => l.key === 'spend:discord:user:U1:d2030-01-15')?.limit).toBe(1_000_000);
    expect(limits.find((l) => l.key === 'spend:discord:user:U1:m2030-01')?.limit).toBeNull();
    await governance.update({ platform: 'discord' }, (g) => ({
      ...g,
      dms: { enabled: false, commands: [] },
    }));
    expect((await rules({})).dmEnabled).toBe(false);
    expect((await rules({ serverId: 'G1' })).dm).toBe(false);
  });
});
