/**
 * The governed OpenRouter client: the same interface as the raw one, so chat, voice, video and
 * notebook code need no changes. For every billable call it (a) refuses models outside the allow-lists that
 * apply here, (b) forces zero-data-retention routing when the rules here ask for it, (c) reserves an upper-bound
 * estimate against every budget that applies (refusing before any upstream call when it does not fit), and
 * (d) records the cost in the ledger once the call is over, settling the reservation to it (or releasing it
 * when the call failed). Each billable call names the invocation it is for (`CallOptions.invocation`, never
 * sent upstream); its scope says who pays and holds the rules the policy decided (read once per invocation).
 * A call that names none is the system's. Everything else passes straight through.
 */
import type { Logger } from 'pino';
import type { Invocation } from '../command-model/command-types.js';
import type { CallOptions, EventStream, ResultMeta } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { BudgetGate } from '../policy/budget-reserve.js';
import { applyRequestRules } from '../policy/request-rules.js';
import type { RulesHere } from '../policy/rules-here.js';
import type { Reservation } from '../state/primitives/contract.js';
import type { StateStore } from '../state/store.js';
import { type Ceilings, DEFAULT_CEILINGS, estimateCost, type ModelPrice, modelsOf } from './estimate.js';
import { type InvocationScope, scopeOf } from './invocation-scope.js';
import type { BillableKind, Ledger } from './ledger.js';
import { meteredBinary, meteredStream } from './metered.js';
import {
  type Attribution,
  attributionOf,
  createUsageRecorder,
  SYSTEM,
  type UsageRecorder,
} from './recorder.js';
import { createVideoBilling } from './video-billing.js';

export interface GovernedClientDeps {
  ledger: Ledger;
  /** The rules for an account when no policy decided them (calls outside the dispatcher). */
  rules(account: Attribution['account']): Promise<RulesHere>;
  gate: BudgetGate;
  /** Catalogue prices of a model (undefined when unknown: the per-operation ceiling is reserved). */
  prices?: (model: string) => Promise<ModelPrice | undefined>;
  ceilings?: Ceilings;
  store: StateStore;
  logger: Logger;
  lookupDelaysMs?: readonly number[];
}

export interface GovernedClient extends OpenRouterClient {
  readonly recorder: UsageRecorder;
}

type Body = { model?: unknown };
type PassThrough = Exclude<
  keyof OpenRouterClient,
  | 'chatCompletion'
  | 'streamChatCompletion'
  | 'createMessage'
  | 'streamMessage'
  | 'createResponse'
  | 'streamResponse'
  | 'createEmbeddings'
  | 'createRerank'
  | 'createTranscription'
  | 'createSpeech'
  | 'createVideo'
  | 'getVideo'
  | 'close'
>;

/** Who a billable call is for, and the options sent upstream (without the invocation). */
interface Caller {
  who: Attribution;
  scope?: InvocationScope;
  upstream: CallOptions | undefined;
}

/** A video job may take days to finish; its reservation stays open that long. */
const VIDEO_LEASE_MS = 3 * 24 * 60 * 60 * 1000;

export function createGovernedClient(client: OpenRouterClient, deps: GovernedClientDeps): GovernedClient {
  const recorder = createUsageRecorder({
    client,
    ledger: deps.ledger,
    logger: deps.logger,
    ...(deps.lookupDelaysMs ? { lookupDelaysMs: deps.lookupDelaysMs } : {}),
  });
  const video = createVideoBilling(deps.store, recorder);

  const ceilings = deps.ceilings ?? DEFAULT_CEILINGS;
  const priceOf = async (model: string) => deps.prices?.(model).catch(() => undefined);

  interface Prepared<B> {
    body: B;
    reservation?: Reservation;
  }

  /** Who a call is for: the scope of the invocation it names, who pays, and the options to send upstream. */
  function callerOf(opts: CallOptions | undefined): Caller {
    if (!opts?.invocation) return { who: SYSTEM, upstream: opts };
    const { invocation, ...upstream } = opts;
    const scope = scopeOf(invocation) ?? unbound(invocation);
    return { scope, who: attributionOf(scope), upstream };
  }

  /** An invocation the dispatcher never bound (a copy): still its user's, logged with a line of its own. */
  function unbound(invocation: Invocation): InvocationScope {
    const label = invocation.subcommand
      ? `${invocation.command} ${invocation.subcommand}`
      : invocation.command;
    deps.logger.warn({ command: label }, 'a billable call named an invocation without a scope');
    return { invocation, label, summarized: true };
  }

  /** Rules applied, estimate reserved: throws a PolicyError before any upstream call when it does not fit. */
  async function prepare<B extends object>(kind: BillableKind, body: B, caller: Caller, leaseMs?: number) {
    const { who, scope } = caller;
    if (who === SYSTEM) return { body } as Prepared<B>;
    const rules = scope?.rules ?? (await deps.rules(who.account));
    const prepared = applyRequestRules(body, rules);
    const plain = prepared as Record<string, unknown>;
    const prices = await Promise.all(modelsOf(plain).map(priceOf));
    const estimate = estimateCost(kind, plain, prices, ceilings);
    const reservation = await deps.gate.reserve(who.account, rules.budgets, estimate.micros, leaseMs);
    return { body: prepared, reservation } as Prepared<B>;
  }

  /** Sends; a call that failed before producing a result gives its whole reservation back. */
  async function send<B, R>(p: Prepared<B>, call: (body: B) => Promise<R>): Promise<R> {
    try {
      return await call(p.body);
    } catch (err) {
      if (p.reservation) await deps.gate.release(p.reservation).catch(() => undefined);
      throw err;
    }
  }

  const modelOf = (body: object) => {
    const m = (body as Body).model;
    return typeof m === 'string' ? m : undefined;
  };

  /** Records a finished call for its caller (and its invocation's summary line). */
  const settle = (c: Caller, kind: BillableKind, meta: ResultMeta, model?: string, r?: Reservation) =>
    recorder.settle(c.who, kind, meta, model, r, c.scope);

  /** A non-streamed JSON call: prepare, send, record from its meta. */
  async function json<B extends object, R extends { meta: ResultMeta }>(
    kind: BillableKind,
    body: B,
    opts: CallOptions | undefined,
    call: (prepared: B, upstream?: CallOptions) => Promise<R>,
  ): Promise<R> {
    const caller = callerOf(opts);
    const prepared = await prepare(kind, body, caller);
    const result = await send(prepared, (b) => call(b, caller.upstream));
    await settle(caller, kind, result.meta, modelOf(prepared.body), prepared.reservation);
    return result;
  }

  async function stream<B extends object>(
    kind: BillableKind,
    body: B,
    opts: CallOptions | undefined,
    open: (prepared: B, upstream?: CallOptions) => Promise<EventStream>,
  ): Promise<EventStream> {
    const caller = callerOf(opts);
    const prepared = await prepare(kind, body, caller);
    const inner = await send(prepared, (b) => open(b, caller.upstream));
    return meteredStream(inner, (meta) =>
      settle(caller, kind, meta, modelOf(prepared.body), prepared.reservation),
    );
  }

  const pass = <K extends PassThrough>(name: K) =>
    ((...args: unknown[]) => (client[name] as (...a: unknown[]) => unknown)(...args)) as OpenRouterClient[K];

  return {
    recorder,
    chatCompletion: (body, opts) => json('chat', body, opts, (b, o) => client.chatCompletion(b, o)),
    streamChatCompletion: (body, opts) =>
      stream('chat', body, opts, (b, o) => client.streamChatCompletion(b, o)),
    createMessage: (body, opts) => json('messages', body, opts, (b, o) => client.createMessage(b, o)),
    streamMessage: (body, opts) => stream('messages', body, opts, (b, o) => client.streamMessage(b, o)),
    createResponse: (body, opts) => json('responses', body, opts, (b, o) => client.createResponse(b, o)),
    streamResponse: (body, opts) => stream('responses', body, opts, (b, o) => client.streamResponse(b, o)),
    createEmbeddings: (body, opts) => json('embeddings', body, opts, (b, o) => client.createEmbeddings(b, o)),
    createRerank: (body, opts) => json('rerank', body, opts, (b, o) => client.createRerank(b, o)),
    createTranscription: (body, opts) =>
      json('transcription', body, opts, (b, o) => client.createTranscription(b, o)),
    async createSpeech(body, opts) {
      const caller = callerOf(opts);
      const prepared = await prepare('speech', body, caller);
      const audio = await send(prepared, (b) => client.createSpeech(b, caller.upstream));
      return meteredBinary(audio, (meta) =>
        settle(caller, 'speech', meta, prepared.body.model, prepared.reservation),
      );
    },
    async createVideo(body, opts) {
      const caller = callerOf(opts);
      const prepared = await prepare('video', body, caller, VIDEO_LEASE_MS);
      const job = await send(prepared, (b) => client.createVideo(b, caller.upstream));
      // the job is billed when a poll sees it finish: its owner is stored (no scope: the poller has none)
      await video
        .started(job.data, caller.who, prepared.body.model, prepared.reservation)
        .then(() => video.polled(job.data, job.meta, caller.scope))
        .catch((err: unknown) =>
          deps.logger.error({ err, job: job.data.id }, 'could not record a video job'),
        );
      return job;
    },
    async getVideo(jobId, opts) {
      const result = await client.getVideo(jobId, opts);
      await video
        .polled(result.data, result.meta)
        .catch((err: unknown) =>
          deps.logger.error({ err, job: jobId }, 'could not record the cost of a video job'),
        );
      return result;
    },
    getVideoContent: pass('getVideoContent'),
    listVideoModels: pass('listVideoModels'),
    listImageModels: pass('listImageModels'),
    getGeneration: pass('getGeneration'),
    getGenerationContent: pass('getGenerationContent'),
    listModels: pass('listModels'),
    countModels: pass('countModels'),
    listUserModels: pass('listUserModels'),
    getModel: pass('getModel'),
    listEndpoints: pass('listEndpoints'),
    listEmbeddingModels: pass('listEmbeddingModels'),
    listProviders: pass('listProviders'),
    listZdrEndpoints: pass('listZdrEndpoints'),
    async close() {
      await recorder.close();
      await client.close();
    },
  };
}
