/**
 * The policy the dispatcher runs before every command, message action and button:
 * channel allow/deny list → command permission (roles, users, user groups) → model allow-list for
 * an explicit `model` option → budget check → rate limit of expensive commands. Admins pass the
 * channel and permission rules (so they can always fix the settings); budgets and models apply to
 * everyone. Free commands are never blocked by budgets or rate limits.
 */
import type { Invocation } from '../command-model/command-types.js';
import type { Policy, PolicyRequest } from '../dispatch/dispatcher.js';
import { PolicyError } from '../shared/errors.js';
import type { SpendCounters } from '../usage/spend.js';
import { checkBudgets } from './budget-check.js';
import type { Governance, GovernanceStore } from './governance-store.js';
import { modelAllowed } from './model-patterns.js';
import type { RateLimiter } from './rate-limit.js';
import { modelRefusal } from './request-rules.js';

export interface PolicyDeps {
  governance: GovernanceStore;
  spend: SpendCounters;
  rate: RateLimiter;
  now: () => number;
}

const list = (ids: readonly string[]) => ids.map((id) => `<#${id}>`).join(', ');

function checkChannel(rules: Governance, inv: Invocation): void {
  const { mode, ids } = rules.channels;
  if (mode === 'allow' && !ids.includes(inv.channelId))
    throw new PolicyError(
      'POLICY.CHANNEL_NOT_ALLOWED',
      `Switchboard is not enabled in this channel. An admin allowed it only in ${list(ids) || 'no channel yet'}; use it there, or ask an admin (\`/config channels\`).`,
    );
  if (mode === 'deny' && ids.includes(inv.channelId))
    throw new PolicyError(
      'POLICY.CHANNEL_DENIED',
      'An admin switched Switchboard off in this channel. Use it in another channel, or ask an admin (`/config channels`).',
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
    `Only some people may use \`${req.subcommand ? `${req.name} ${req.subcommand}` : req.name}\` here, and that list does not include ${what}. Ask an admin to add you with \`/config permit\`.`,
  );
}

function checkModel(rules: Governance, options: Record<string, unknown>): void {
  const model = options.model;
  if (typeof model !== 'string' || modelAllowed(model, rules.models)) return;
  throw modelRefusal(model, rules.models, 'Pick an allowed model, or ask an admin (`/config models`).');
}

export function createPolicy(deps: PolicyDeps): Policy {
  return async (inv, _def, req) => {
    const rules = await deps.governance.get(inv);
    if (!inv.user.isAdmin) {
      checkChannel(rules, inv);
      await checkPermission(rules, inv, req);
    }
    checkModel(rules, req.options);
    if (req.cost === 'free') return;
    const account = {
      platform: inv.platform,
      channelId: inv.channelId,
      userId: inv.user.id,
      ...(inv.serverId ? { serverId: inv.serverId } : {}),
    };
    await checkBudgets(rules, deps.spend, account, deps.now());
    if (req.cost !== 'expensive') return undefined;
    const giveBack = await deps.rate.take(inv.platform, inv.user.id);
    return { refund: giveBack };
  };
}
