/**
 * Turns what a finished OpenRouter call reported (ResultMeta) into a ledger entry for whoever the
 * call ran for. When a result carries no cost (speech audio, a stream cut before its usage chunk)
 * the cost is looked up with GET /generation in the background, retried because the stats lag.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ResultMeta } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Reservation } from '../state/primitives/contract.js';
import type { InvocationScope } from './invocation-scope.js';
import type { BillableKind, Ledger } from './ledger.js';
import type { Account } from './spend.js';

export interface Attribution {
  account: Account;
  command: string;
}

/** Billable calls made outside any invocation (background work, or a call that named no invocation). */
export const SYSTEM: Attribution = {
  account: { platform: 'system', serverId: 'system', channelId: '-', userId: 'system' },
  command: 'system',
};

/** Who pays for a call made in this scope: its user, channel and server; SYSTEM without a scope. */
export function attributionOf(scope: InvocationScope | undefined): Attribution {
  if (!scope) return SYSTEM;
  const inv = scope.invocation;
  return {
    account: {
      platform: inv.platform,
      channelId: inv.channelId,
      userId: inv.user.id,
      ...(inv.serverId ? { serverId: inv.serverId } : {}),
    },
    command: scope.label,
  };
}

export interface UsageRecorder {
  /**
   * Records the call; a missing cost is looked up in the background (see `idle`). `scope` is the invocation
   * the call ran for: its summary line carries the usage while it has not been written yet.
   */
  settle(
    who: Attribution,
    kind: BillableKind,
    meta: ResultMeta,
    model?: string,
    reservation?: Reservation,
    scope?: InvocationScope,
  ): Promise<void>;
  /** Resolves once no background cost lookup is pending. */
  idle(): Promise<void>;
  /** Stops pending lookups (shutdown). */
  /** Stops waiting for generation stats; calls still waiting are recorded with an unknown cost. */
  close(): Promise<void>;
}

export interface RecorderDeps {
  /** The raw client (lookups are not themselves billable). */
  client: OpenRouterClient;
  ledger: Ledger;
  logger: Logger;
  /** Waits before each GET /generation attempt (default 500, 1000, 2000, 4000 ms). */
  lookupDelaysMs?: readonly number[];
}

export function createUsageRecorder(deps: RecorderDeps): UsageRecorder {
  const delays = deps.lookupDelaysMs ?? [500, 1000, 2000, 4000];
  const pending = new Set<Promise<void>>();
  const stop = new AbortController();

  const write = (
    who: Attribution,
    kind: BillableKind,
    meta: ResultMeta,
    model: string | undefined,
    reservation: Reservation | undefined,
    scope: InvocationScope | undefined,
  ) =>
    deps.ledger
      .record(
        {
          ...who.account,
          command: who.command,
          kind,
          cost: meta.usage?.cost ?? 0,
          costKnown: meta.usage?.cost !== undefined,
          ...(meta.model || model ? { model: meta.model ?? model } : {}),
          ...(meta.generationId ? { generationId: meta.generationId } : {}),
          ...(meta.usage?.promptTokens !== undefined ? { promptTokens: meta.usage.promptTokens } : {}),
          ...(meta.usage?.completionTokens !== undefined
            ? { completionTokens: meta.usage.completionTokens }
            : {}),
          ...(meta.usage?.totalTokens !== undefined ? { totalTokens: meta.usage.totalTokens } : {}),
        },
        reservation,
        scope,
      )
      .catch((err: unknown) => deps.logger.error({ err, kind }, 'could not record usage'));

  async function lookUp(id: string): Promise<ResultMeta | undefined> {
    for (const delay of delays) {
      try {
        await sleep(delay, undefined, { signal: stop.signal, ref: false });
        const { data } = await deps.client.getGeneration(id, { signal: stop.signal, maxRetries: 0 });
        const prompt = data.tokens_prompt ?? undefined;
        const completion = data.tokens_completion ?? undefined;
        return {
          generationId: id,
          model: data.model,
          usage: {
            cost: data.total_cost,
            ...(prompt !== undefined ? { promptTokens: prompt } : {}),
            ...(completion !== undefined ? { completionTokens: completion } : {}),
            ...(prompt !== undefined || completion !== undefined
              ? { totalTokens: (prompt ?? 0) + (completion ?? 0) }
              : {}),
          },
        };
      } catch (err) {
        if (stop.signal.aborted) return undefined;
        deps.logger.debug({ err, generationId: id }, 'generation stats not there yet');
      }
    }
    return undefined;
  }

  function track(work: Promise<void>) {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  return {
    async settle(who, kind, meta, model, reservation, scope) {
      if (meta.usage?.cost !== undefined || !meta.generationId)
        return write(who, kind, meta, model, reservation, scope);
      const id = meta.generationId;
      track(
        lookUp(id).then((found) => {
          if (!found)
            deps.logger.warn(
              { generationId: id, kind, stopping: stop.signal.aborted },
              'no cost for this call; recorded with an unknown cost',
            );
          return write(
            who,
            kind,
            found ? { ...meta, ...found, usage: { ...meta.usage, ...found.usage } } : meta,
            model,
            reservation,
            scope,
          );
        }),
      );
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      stop.abort();
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
