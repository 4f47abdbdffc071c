/**
 * Team governance in one piece for the composition root: the settings store, the usage ledger,
 * the audit trail, the policy the dispatcher runs, and the wrapper that governs the OpenRouter client.
 */

import type { Logger } from 'pino';
import type { Invocation } from '../command-model/command-types.js';
import type { PolicyError } from '../common/errors.js';
import type { Policy } from '../dispatch/dispatcher.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Metrics } from '../ops/metrics.js';
import type { StateStore } from '../state/store.js';
import type { Ceilings, ModelPrice } from '../usage/estimate.js';
import { createGovernedClient, type GovernedClient } from '../usage/governed-client.js';
import { createLedger, type Ledger } from '../usage/ledger.js';
import type { Account } from '../usage/spend.js';
import { migrateSpendCounters } from '../usage/spend-migration.js';
import { type AuditLog, createAuditLog } from './audit.js';
import { type BotRules, NO_BOT_RULES } from './bot-rules.js';
import { createBudgetGate } from './budget-reserve.js';
import { createGovernanceStore, type GovernanceStore } from './governance-store.js';
import { createMembership, type Membership } from './membership.js';
import { createPolicy } from './policy.js';
import { createRateLimiter } from './rate-limit.js';
import { type RulesHere, resolveRules } from './rules-here.js';

export interface GovernanceConfig {
  /** Expensive commands (speech, video) a user may start per rolling hour; 0 = no limit. */
  expensivePerHour: number;
  /** Operator rules from the environment (bot-wide floor, DM policy). */
  bot?: BotRules;
  /** Per-operation reservation ceilings in USD (estimate.ts). */
  ceilings?: Ceilings;
}

export interface TeamGovernance {
  settings: GovernanceStore;
  membership: Membership;
  /** The rules that apply to an account here, and why (what the policy decides once per invocation). */
  rulesFor(account: Account): Promise<RulesHere>;
  ledger: Ledger;
  audit: AuditLog;
  policy: Policy;
  now: () => number;
  readonly expensivePerHour: number;
  /** Wraps the raw client: reservations, ledger, ZDR routing and the model allow-lists on every billable call. */
  govern(
    client: OpenRouterClient,
    extra?: { prices?: (model: string) => Promise<ModelPrice | undefined> },
  ): GovernedClient;
  /** For the dispatcher: audits every refusal. */
  onRefused(invocation: Invocation, label: string, err: PolicyError): Promise<void>;
  /** Resolves once no background cost lookup is pending (tests, shutdown). */
  idle(): Promise<void>;
}

export function createGovernance(
  config: GovernanceConfig,
  deps: {
    store: StateStore;
    logger: Logger;
    now?: () => number;
    lookupDelaysMs?: readonly number[];
    metrics?: Metrics;
  },
): TeamGovernance {
  const now = deps.now ?? Date.now;
  const settings = createGovernanceStore(deps.store);
  const ledger = createLedger({
    store: deps.store,
    logger: deps.logger,
    now,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  const audit = createAuditLog({ store: deps.store, logger: deps.logger, now });
  const rate = createRateLimiter({ perHour: config.expensivePerHour }, { store: deps.store, now });
  const membership = createMembership(deps.store, { logger: deps.logger });
  const rulesDeps = { governance: settings, membership, bot: config.bot ?? NO_BOT_RULES };
  // earlier versions' counters are carried over once, before the first budget decision
  let migrated: Promise<unknown> | undefined;
  const ready = () => {
    migrated ??= migrateSpendCounters(deps.store, deps.logger, now()).catch((err: unknown) =>
      deps.logger.warn({ err }, 'could not carry the old spend counters over'),
    );
    return migrated;
  };
  const rulesFor = async (account: Account) => {
    await ready();
    return resolveRules(rulesDeps, account);
  };
  const gate = createBudgetGate({ reservations: deps.store.atomic.reservations, spend: ledger.spend, now });
  const governed: GovernedClient[] = [];
  return {
    settings,
    membership,
    rulesFor,
    ledger,
    audit,
    now,
    expensivePerHour: config.expensivePerHour,
    policy: createPolicy({ rules: rulesFor, membership, spend: ledger.spend, rate, now }),
    govern(client, extra = {}) {
      const wrapped = createGovernedClient(client, {
        ledger,
        rules: rulesFor,
        gate,
        ...(extra.prices ? { prices: extra.prices } : {}),
        ...(config.ceilings ? { ceilings: config.ceilings } : {}),
        store: deps.store,
        logger: deps.logger,
        ...(deps.lookupDelaysMs ? { lookupDelaysMs: deps.lookupDelaysMs } : {}),
      });
      governed.push(wrapped);
      return wrapped;
    },
    onRefused: (inv, label, err) =>
      audit.record({
        kind: 'refused',
        platform: inv.platform,
        channelId: inv.channelId,
        userId: inv.user.id,
        command: label,
        code: err.code,
        detail: err.userMessage,
        ...(inv.serverId ? { serverId: inv.serverId } : {}),
      }),
    async idle() {
      await Promise.all(governed.map((c) => c.recorder.idle()));
    },
  };
}
