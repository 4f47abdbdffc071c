/**
 * The rules that apply to one request, decided once per invocation (the policy puts the decision in the
 * invocation scope and the governed client uses it as is): this place's settings, the bot-wide floor, and
 * for a DM outside any server the bot-wide DM policy plus the privacy rules and user budgets of every server
 * the person shares with the bot, so a DM is never looser than any of them. `reasons` says why, for
 * `/config show` and `/usage`.
 */
import { toMicros } from '../usage/micro.js';
import type { Period } from '../usage/periods.js';
import type { Account, BudgetLimit, SpendScope } from '../usage/spend.js';
import type { BotRules } from './bot-rules.js';
import type { Governance, GovernanceStore, Limits } from './governance-store.js';
import type { Membership } from './membership.js';

export interface RulesHere {
  /** The settings record of this place (channels, permissions, its own budgets). */
  place: Governance;
  /** True in a DM outside any server/workspace: the bot-wide DM policy applies. */
  dm: boolean;
  dmEnabled: boolean;
  dmCommands: string[];
  zdr: boolean;
  /** Every list must allow the model (this place's, the bot-wide one, shared servers' in a DM). */
  modelSets: string[][];
  budgets: BudgetLimit[];
  reasons: string[];
}

export interface RulesDeps {
  governance: GovernanceStore;
  membership: Membership;
  bot: BotRules;
}

function limitsOf(scope: SpendScope, limits: Limits | undefined): BudgetLimit[] {
  const out: BudgetLimit[] = [];
  for (const period of ['day', 'month'] as Period[]) {
    const usd = limits?.[period];
    if (usd !== undefined) out.push({ scope, period, micros: toMicros(usd) });
  }
  return out;
}

function placeBudgets(g: Governance, account: Account): BudgetLimit[] {
  const b = g.budgets;
  return [
    ...limitsOf('user', { ...b.user, ...b.users[account.userId] }),
    ...limitsOf('channel', b.channels[account.channelId]),
    ...limitsOf('server', b.server),
  ];
}

/** Adds the privacy rules and user budgets of every server the person shares with the bot. */
async function sharedServers(deps: RulesDeps, account: Account, rules: RulesHere): Promise<void> {
  const servers = await deps.membership.serversOf(account.platform, account.userId);
  for (const serverId of servers) {
    const g = await deps.governance.get({ platform: account.platform, serverId });
    if (g.zdr && !rules.zdr)
      rules.reasons.push(`ZDR is forced because server ${serverId} (which you share with the bot) forces it`);
    rules.zdr ||= g.zdr;
    if (g.models.length) {
      rules.modelSets.push(g.models);
      rules.reasons.push(`models are limited by server ${serverId}’s allow-list (${g.models.join(', ')})`);
    }
    const user = limitsOf('user', { ...g.budgets.user, ...g.budgets.users[account.userId] });
    if (user.length) {
      rules.budgets.push(...user);
      rules.reasons.push(`your user budget of server ${serverId} also applies here`);
    }
  }
}

export async function resolveRules(deps: RulesDeps, account: Account): Promise<RulesHere> {
  const { bot } = deps;
  const dm = account.serverId === undefined;
  const place = await deps.governance.get(account);
  const rules: RulesHere = {
    place,
    dm,
    dmEnabled: true,
    dmCommands: [],
    zdr: place.zdr,
    modelSets: place.models.length ? [place.models] : [],
    budgets: placeBudgets(place, account),
    reasons: [
      dm ? 'a DM: the bot-wide DM policy applies (set by the operators)' : 'this server’s settings apply',
    ],
  };
  if (place.zdr)
    rules.reasons.push(
      dm ? 'ZDR is forced for DMs by an operator (/config zdr in a DM)' : 'ZDR is forced by this server',
    );
  if (bot.forceZdr) {
    rules.zdr = true;
    rules.reasons.push('ZDR is forced bot-wide (BOT_FORCE_ZDR); no server can turn it off');
  }
  if (bot.models.length) {
    rules.modelSets.push(bot.models);
    rules.reasons.push(`models are limited bot-wide (BOT_MODELS: ${bot.models.join(', ')})`);
  }
  if (!dm) return rules;
  const d = bot.dm;
  rules.dmEnabled = d.enabled && place.dms.enabled;
  rules.dmCommands = mergeCommands(d.commands, place.dms.commands);
  if (d.forceZdr) {
    rules.zdr = true;
    rules.reasons.push('ZDR is forced in DMs (DM_FORCE_ZDR)');
  }
  if (d.models.length) rules.modelSets.push(d.models);
  rules.budgets.push(...limitsOf('user', { day: d.userDayUsd, month: d.userMonthUsd }));
  await sharedServers(deps, account, rules);
  return rules;
}

/** Both lists restrict: empty means "every command", else only what both allow. */
function mergeCommands(a: string[], b: string[]): string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const both = a.filter((c) => b.includes(c));
  return both.length ? both : ['(none)'];
}
