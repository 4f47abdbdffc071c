/**
 * Team governance in one piece for the composition root: the settings store, the usage ledger,
 * the audit trail, the policy the dispatcher runs, and the wrapper that governs the OpenRouter client.
 */

import type { Logger } from 'pino';
import type { Invocation } from '../command-model/command-types.js';
import type { Policy } from '../dispatch/dispatcher.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Metrics } from '../ops/metrics.js';
import type { PolicyError } from '../shared/errors.js';
import type { StateStore } from '../state/store.js';
import { createGovernedClient, type GovernedClient } from '../usage/governed-client.js';
import { createLedger, type Ledger } from '../usage/ledger.js';
import { type AuditLog, createAuditLog } from './audit.js';
import { createGovernanceStore, type GovernanceStore } from './governance-store.js';
import { createPolicy } from './policy.js';
import { createRateLimiter } from './rate-limit.js';

export interface GovernanceConfig {
  /** Expensive commands (speech, video) a user may start per rolling hour; 0 = no limit. */
  expensivePerHour: number;
}

export interface TeamGovernance {
  settings: GovernanceStore;
  ledger: Ledger;
  audit: AuditLog;
  policy: Policy;
  now: () => number;
  readonly expensivePerHour: number;
  /** Wraps the raw client: ledger, ZDR routing and the model allow-list on every billable call. */
  govern(client: OpenRouterClient): GovernedClient;
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
  const governed: GovernedClient[] = [];
  return {
    settings,
    ledger,
    audit,
    now,
    expensivePerHour: config.expensivePerHour,
    policy: createPolicy({ governance: settings, spend: ledger.spend, rate, now }),
    govern(client) {
      const wrapped = createGovernedClient(client, {
        ledger,
        governance: settings,
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
