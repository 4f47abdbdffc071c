/**
 * The policy the dispatcher runs before every command, message action and button. It decides the rules
 * that apply here once (rules-here.ts) and leaves them in the invocation scope for the governed client, then:
 * DM policy (DMs off / commands allowed in DMs) → channel allow/deny list → command permission (roles, users,
 * user groups) → model allow-lists for an explicit `model` option → a fast budget check → the sliding-window
 * rate limit of expensive commands. Admins pass the channel and permission rules (so they can always fix the
 * settings); bot admins also pass the DM rules. Budgets and models apply to everyone. Free commands are never
 * blocked by budgets or rate limits. The budget guarantee itself is the reservation the governed client makes
 * before each billable request.
 */
import { cmd } from '../command-model/command-ref.js';
import { type Invocation, isAdminNow } from '../command-model/command-types.js';
import { PolicyError } from '../common/errors.js';
import type { Policy, PolicyRequest } from '../dispatch/dispatcher.js';
import { scopeOf } from '../usage/invocation-scope.js';
import type { Account, SpendCounters } from '../usage/spend.js';
import { checkBudgets } from './budget-check.js';
import type { Governance } from './governance-store.js';
import type { Membership } from './membership.js';
import { modelAllowed } from './model-patterns.js';
import type { RateLimiter } from './rate-limit.js';
import { modelRefusal } from './request-rules.js';
import type { RulesHere } from './rules-here.js';

export interface PolicyDeps {
  rules(account: Account): Promise<RulesHere>;
  membership: Membership;
  spend: SpendCounters;
  rate: RateLimiter;
  now: () => number;
}

const list = (ids: readonly string[]) => ids.map((id) => `<#${id}>`).join(', ');

export function accountOf(inv: Invocation): Account {
  return {
    platform: inv.platform,
    channelId: inv.channelId,
    userId: inv.user.id,
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
  };
}

function checkDm(rules: RulesHere, req: PolicyRequest): void {
  if (!rules.dmEnabled)
    throw new PolicyError(
      'POLICY.DMS_OFF',
      'The bot’s operators switched Switchboard off in direct messages. Use it in a server you share with it.',
    );
  if (rules.dmCommands.length > 0 && !rules.dmCommands.includes(req.name))
    throw new PolicyError(
      'POLICY.DM_COMMAND_NOT_ALLOWED',
      `\`/${req.name}\` is not available in direct messages. In DMs you can use ${rules.dmCommands.map((c) => `\`/${c}\``).join(', ')}; use the rest in a server.`,
    );
}

function checkChannel(rules: Governance, inv: Invocation): void {
  const { mode, ids } = rules.channels;
  if (mode === 'allow' && !ids.includes(inv.channelId))
    throw new PolicyError(
      'POLICY.CHANNEL_NOT_ALLOWED',
      `Switchboard is not enabled in this channel. An admin allowed it only in ${list(ids) || 'no channel yet'}; use it there, or ask an admin (${cmd('config channels')}).`,
    );
  if (mode === 'deny' && ids.includes(inv.channelId))
    throw new PolicyError(
      'POLICY.CHANNEL_DENIED',
      `An admin switched Switchboard off in this channel. Use it in another channel, or ask an admin (${cmd('config channels')}).`,
    );
}

async function checkPermission(rules: Governance, inv: Invocation, req: PolicyRequest): Promise<void> {
  const rule =
    (req.subcommand ? rules.permits[`${req.name} ${req.subcommand}`] : undefined) ?? rules.permits[req.name];
  if (!rule || rule.length === 0) return;
  const mine = new Set([inv.user.id, ...(inv.user.roles ?? [])]);
  if (rule.some((id) => mine.has(id))) return;
  if (inv.user.groups && rule.length > 0) {
    const groups = await inv.user.groups();
    if (rule.some((id) => groups.includes(id))) return;
  }
  const what = inv.place?.notListed ?? 'you';
  throw new PolicyError(
    'POLICY.NOT_PERMITTED',
    `Only some people may use \`${req.subcommand ? `${req.name} ${req.subcommand}` : req.name}\` here, and that list does not include ${what}. Ask an admin to add you with ${cmd('config permit')}.`,
  );
}

function checkModel(rules: RulesHere, options: Record<string, unknown>): void {
  const model = options.model;
  if (typeof model !== 'string') return;
  const refusing = rules.modelSets.find((set) => !modelAllowed(model, set));
  if (refusing)
    throw modelRefusal(model, refusing, `Pick an allowed model, or ask an admin (${cmd('config models')}).`);
}

/** Channel and permission rules, which admins pass: an admin flag not looked up yet is, before refusing. */
async function checkPlace(place: RulesHere['place'], inv: Invocation, req: PolicyRequest): Promise<void> {
  try {
    checkChannel(place, inv);
    await checkPermission(place, inv, req);
  } catch (err) {
    if (!(await isAdminNow(inv.user))) throw err;
  }
}

export function createPolicy(deps: PolicyDeps): Policy {
  return async (inv, _def, req) => {
    const account = accountOf(inv);
    if (inv.serverId) deps.membership.note(inv.platform, inv.user.id, inv.serverId);
    const rules = await deps.rules(account);
    const scope = scopeOf(inv);
    if (scope) scope.rules = rules;
    if (rules.dm && !inv.user.isBotAdmin) checkDm(rules, req);
    if (!inv.user.isAdmin) await checkPlace(rules.place, inv, req);
    checkModel(rules, req.options);
    if (req.cost === 'free') return;
    await checkBudgets(rules, deps.spend, account, deps.now());
    if (req.cost !== 'expensive') return undefined;
    const giveBack = await deps.rate.take(inv.platform, inv.user.id);
    return { refund: giveBack };
  };
}
