/**
 * The usage ledger: one entry per billable OpenRouter call (who, where, which model, tokens, cost).
 * Raw entries live in one namespace per server and UTC month (for `/usage` breakdowns); every entry
 * also bumps the spend counters the budget check reads. Each entry is logged as one pino line.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.js';
import type { StateStore } from '../state/store.js';
import { type Period, periodEnd, periodKey, periodStart } from './periods.js';
import { type Account, createSpendCounters, type SpendCounters, serverOf } from './spend.js';

export type BillableKind =
  | 'chat'
  | 'messages'
  | 'responses'
  | 'embeddings'
  | 'rerank'
  | 'speech'
  | 'transcription'
  | 'video';

export interface LedgerEntry extends Account {
  at: number;
  /** The command label (`chat`, `speak`, `button:regenerate`) or `system` outside any invocation. */
  command: string;
  kind: BillableKind;
  model?: string;
  generationId?: string;
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  /** USD (OpenRouter credits); 0 when OpenRouter never said. */
  cost: number;
  costKnown: boolean;
}

export interface Ledger {
  record(entry: Omit<LedgerEntry, 'at'> & { at?: number }): Promise<void>;
  /** Entries of a server in the current day or month (by the injected clock). */
  list(where: { platform: string; serverId?: string }, period: Period): Promise<LedgerEntry[]>;
  readonly spend: SpendCounters;
}

const MONTH_KEEP_MS = 35 * 24 * 60 * 60 * 1000;
const safe = (s: string) => s.replace(/[^\w-]/g, '_');

export function createLedger(deps: {
  store: StateStore;
  logger: Logger;
  now?: () => number;
  metrics?: Metrics;
}): Ledger {
  const now = deps.now ?? Date.now;
  const spend = createSpendCounters(deps.store);
  let seq = 0;
  const monthNs = (where: { platform: string; serverId?: string }, at: number) =>
    deps.store.namespace(`usage.${safe(where.platform)}.${safe(serverOf(where))}.${periodKey('month', at)}`);

  return {
    spend,
    async record(input) {
      const at = input.at ?? now();
      const entry: LedgerEntry = { ...input, at };
      seq = (seq + 1) % 1_000_000;
      const id = `${at.toString(36)}-${process.pid.toString(36)}-${seq.toString(36)}`;
      await monthNs(entry, at).set(id, entry, periodEnd('month', at) - at + MONTH_KEEP_MS);
      await spend.add(entry, entry.cost, at);
      countUsage(deps.metrics, entry);
      deps.logger.info(
        {
          usage: {
            platform: entry.platform,
            server: entry.serverId,
            channel: entry.channelId,
            user: entry.userId,
            command: entry.command,
            kind: entry.kind,
            model: entry.model,
            generationId: entry.generationId,
            tokens: entry.totalTokens,
            cost: entry.cost,
            costKnown: entry.costKnown,
          },
        },
        'usage recorded',
      );
    },
    async list(where, period) {
      const at = now();
      const from = periodStart(period, at);
      const out: LedgerEntry[] = [];
      for await (const [, entry] of monthNs(where, at).entries<LedgerEntry>())
        if (entry.at >= from) out.push(entry);
      return out.sort((a, b) => a.at - b.at);
    },
  };
}

/** Tokens and cost by model, for the ops metrics. */
function countUsage(metrics: Metrics | undefined, entry: LedgerEntry): void {
  if (!metrics) return;
  const model = metrics.model(entry.model);
  if (entry.promptTokens) metrics.tokens.inc({ model, type: 'prompt' }, entry.promptTokens);
  if (entry.completionTokens) metrics.tokens.inc({ model, type: 'completion' }, entry.completionTokens);
  if (entry.cost > 0) metrics.costUsd.inc({ model }, entry.cost);
}
