/**
 * The usage ledger: one entry per billable OpenRouter call (who, where, which model, tokens, cost).
 * Raw entries live in one namespace per server and UTC month (for `/usage` breakdowns); every entry
 * also bumps the spend counters the budget check reads. An entry recorded while its invocation runs is
 * summed into that invocation's summary line (debug line of its own); one recorded later logs at info.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.js';
import type { Reservation } from '../state/primitives/contract.js';
import type { StateStore } from '../state/store.js';
import type { InvocationScope, UsageNote } from './invocation-scope.js';
import { toMicros } from './micro.js';
import { type Period, periodEnd, periodKey, periodStart } from './periods.js';
import { type Account, createSpendCounters, isReserved, type SpendCounters, serverOf } from './spend.js';

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
  /**
   * Micro-dollars this call added to the budget counters: the cost rounded up, or the reserved estimate when
   * the cost stayed unknown (budgets count the upper bound rather than nothing).
   */
  costMicros?: number;
}

export interface Ledger {
  /**
   * Records the call and settles its reservation to the real cost (or adds the cost when nothing was
   * reserved). With the scope of the invocation it ran for, still running, its summary line carries it.
   */
  record(
    entry: Omit<LedgerEntry, 'at' | 'costMicros'> & { at?: number },
    reservation?: Reservation,
    scope?: InvocationScope,
  ): Promise<void>;
  /** Entries of a server in the current day or month (by the injected clock). */
  list(where: { platform: string; serverId?: string }, period: Period): Promise<LedgerEntry[]>;
  /** Entries of a server from `from` (inclusive) to `to` (exclusive), across months (charts, summaries). */
  between(where: { platform: string; serverId?: string }, from: number, to: number): Promise<LedgerEntry[]>;
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
    async record(input, reservation, scope) {
      const at = input.at ?? now();
      let costMicros = input.costKnown ? toMicros(input.cost) : (reservation?.amount ?? 0);
      if (!reservation || !isReserved(reservation)) await spend.addMicros(input, costMicros, at);
      else if (!(await deps.store.atomic.reservations.settle(reservation, costMicros))) {
        deps.logger.warn(
          { reservation: reservation.id },
          'reservation expired before its cost was known; the estimate stays counted',
        );
        costMicros = reservation.amount;
      }
      const entry: LedgerEntry = { ...input, at, costMicros };
      seq = (seq + 1) % 1_000_000;
      const id = `${at.toString(36)}-${process.pid.toString(36)}-${randomUUID().slice(0, 8)}-${seq.toString(36)}`;
      await monthNs(entry, at).set(id, entry, periodEnd('month', at) - at + MONTH_KEEP_MS);
      countUsage(deps.metrics, entry);
      // inside a running invocation its one summary line ("command done") carries this; else its own line
      const inSummary = scope !== undefined && !scope.summarized;
      if (inSummary) scope.usage = [...(scope.usage ?? []), noteOf(entry)];
      const level = inSummary ? 'debug' : 'info';
      if (!deps.logger.isLevelEnabled(level)) return;
      deps.logger[level](
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
            costMicros,
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
    async between(where, from, to) {
      const out: LedgerEntry[] = [];
      for (let month = periodStart('month', from); month < to; month = periodEnd('month', month))
        for await (const [, entry] of monthNs(where, month).entries<LedgerEntry>())
          if (entry.at >= from && entry.at < to) out.push(entry);
      return out.sort((a, b) => a.at - b.at);
    },
  };
}

const noteOf = (entry: LedgerEntry): UsageNote => ({
  ...(entry.model ? { model: entry.model } : {}),
  ...(entry.generationId ? { generationId: entry.generationId } : {}),
  ...(entry.totalTokens !== undefined ? { tokens: entry.totalTokens } : {}),
  ...(entry.costKnown ? { cost: entry.cost } : {}),
});

/** Tokens and cost by model, for the ops metrics. */
function countUsage(metrics: Metrics | undefined, entry: LedgerEntry): void {
  if (!metrics) return;
  const model = metrics.model(entry.model);
  if (entry.promptTokens) metrics.tokens.inc({ model, type: 'prompt' }, entry.promptTokens);
  if (entry.completionTokens) metrics.tokens.inc({ model, type: 'completion' }, entry.completionTokens);
  if (entry.cost > 0) metrics.costUsd.inc({ model }, entry.cost);
}
