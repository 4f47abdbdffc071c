/**
 * The fake Slack and the fake OpenRouter together in a process of their own, for the Slack
 * benchmarks: the bot under test must not pay for the fakes' CPU (signing and POSTing hundreds of
 * events, answering thousands of Web API calls, pacing SSE streams). Driven over the IPC channel of
 * `fork()` by test/bench/slack-fakes.ts; every timestamp it reports comes from the fakes' clock.
 */
import { subscribe } from 'node:diagnostics_channel';
import { maxInWindow } from '../fakes/discord/wait.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import {
  type EventEnvelope,
  type FakeSlack,
  type Inbound,
  type MessageView,
  startFakeSlack,
} from '../fakes/slack.js';
import type {
  AckTimes,
  MessageRate,
  RateStats,
  SlackBurstSpec,
  SlackFakesInfo,
  SlackFinishStats,
  SlackRequest,
  SlackResponse,
} from './slack-fakes.js';

const API_KEY = process.env.BENCH_API_KEY ?? 'sk-or-v1-bench';

/** New TCP connections the fake's HTTP client (Node's fetch) opened to the bot since the burst began. */
let connects = 0;
subscribe('undici:client:beforeConnect', () => {
  connects += 1;
});

const openrouter = await startFakeOpenRouter({ apiKey: API_KEY });
const slack: FakeSlack = await startFakeSlack({ defaultTimeoutMs: 30_000 });

interface Sent {
  kind: AckTimes['kind'];
  threadTs: string;
  /** Bot messages already in the thread when it was sent (a follow-up's answer comes after them). */
  before: number;
  sentAt: number;
  finishedAt?: number;
  failed?: boolean;
}

let target = '';
let burst: Sent[] = [];
let burstStart = 0;
let userSeq = 0;
/** The users who sent the last burst's mentions (a later burst may come from them again). */
let lastUsers: string[] = [];
/** Threads the bot answered in `prepare`, with the user who asked: follow-ups go there. */
let threads: Array<{ ts: string; user: string }> = [];

const nextUser = () => {
  userSeq += 1;
  return `U0BENCH${userSeq.toString(36).toUpperCase().padStart(4, '0')}`;
};

const botMessages = (threadTs: string) =>
  slack.messages(slack.channelId, threadTs).filter((m) => m.isBot && !m.ephemeralTo);

/** A finished answer: footer with a generation id, no Stop button, not streaming any more. */
const isFinished = (m: MessageView) =>
  /gen-/.test(m.text) &&
  !m.buttons.some((b) => b.action_id.startsWith('stop:')) &&
  m.streaming !== 'in_progress';

function checkFinished(s: Sent, now: number): boolean {
  if (s.finishedAt !== undefined) return true;
  const fresh = botMessages(s.threadTs).slice(s.before);
  const done = fresh.some(isFinished);
  const failed = fresh.some((m) => m.text.includes('⚠️'));
  if (!done && !failed) return false;
  s.finishedAt = now;
  s.failed = failed && !done;
  return true;
}

/** Waits (polling: the probe walks every thread, too much for every single Web API call) until all are done. */
async function finished(timeoutMs: number): Promise<SlackFinishStats> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...burst];
  while (pending.length > 0) {
    if (Date.now() > deadline)
      throw new Error(`${pending.length} of ${burst.length} answers not finished after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
    const now = Date.now();
    pending = pending.filter((s) => !checkFinished(s, now));
  }
  return {
    finished: burst.filter((s) => !s.failed).length,
    failed: burst.filter((s) => s.failed).length,
    answerMs: burst.map((s) => (s.finishedAt ?? 0) - s.sentAt).sort((a, b) => a - b),
    lastFinishedMs: Math.max(...burst.map((s) => (s.finishedAt ?? 0) - burstStart)),
  };
}

/** Builds every event first, then POSTs them all at once, signed (a connection each: new or kept alive). */
async function fire(spec: SlackBurstSpec): Promise<{ acks: AckTimes[]; newConnections: number }> {
  if (!target) throw new Error('no target: boot the bot first');
  if (spec.followups > threads.length) throw new Error(`only ${threads.length} threads prepared`);
  for (let i = 0; i < spec.mentions + spec.followups; i++) openrouter.queueReply(spec.reply);
  const planned: Array<{ sent: Sent; inbound: Inbound }> = [];
  const users = Array.from({ length: spec.mentions }, (_, i) =>
    spec.returningUsers && lastUsers[i] ? lastUsers[i] : nextUser(),
  );
  lastUsers = users;
  for (let i = 0; i < spec.mentions; i++) {
    const asked = slack.mention({ text: `${spec.prompt} ${i + 1}`, user: users[i] as string });
    planned.push({
      sent: { kind: 'mention', threadTs: asked.ts as string, before: 0, sentAt: 0 },
      // only the app_mention: the `message` twin Slack also sends is acked and ignored by the bot
      inbound: asked.inbound[0] as Inbound,
    });
  }
  for (const t of threads.slice(0, spec.followups)) {
    const before = botMessages(t.ts).length;
    const asked = slack.message({ text: `${spec.prompt}, and a follow-up`, user: t.user, threadTs: t.ts });
    planned.push({
      sent: { kind: 'followup', threadTs: t.ts, before, sentAt: 0 },
      inbound: asked.inbound[0] as Inbound,
    });
  }
  burst = planned.map((p) => p.sent);
  burstStart = Date.now();
  connects = 0;
  const acks = await Promise.all(
    planned.map(async ({ sent, inbound }) => {
      sent.sentAt = Date.now();
      const [r] = await slack.send(inbound, { to: target });
      return { kind: sent.kind, status: r?.status ?? 0, ackMs: r?.ackMs ?? Number.NaN };
    }),
  );
  return { acks, newConnections: connects };
}

/**
 * Opens `count` connections to the bot at once (signed url_verification requests, which Bolt answers
 * itself): Node's fetch keeps them alive, so a burst right after reuses them instead of connecting.
 */
async function preconnect(count: number): Promise<{ newConnections: number }> {
  connects = 0;
  const check = { type: 'url_verification', token: 'fakeverificationtoken', challenge: 'warm' };
  const results = await Promise.all(
    Array.from({ length: count }, () =>
      slack.send({ type: 'events_api', body: check as unknown as EventEnvelope }, { to: target }),
    ),
  );
  const bad = results.flat().filter((r) => r.status !== 200);
  if (bad.length) throw new Error(`preconnect: ${bad.length} requests answered ${bad[0]?.status}`);
  return { newConnections: connects };
}

/** Warm-up answers whose threads the follow-ups of later bursts continue. */
async function prepare(count: number, reply: SlackBurstSpec['reply'], timeoutMs: number) {
  await fire({ mentions: count, followups: 0, prompt: 'warm up', reply });
  await finished(timeoutMs);
  threads = burst.map((s) => {
    const user = slack.find(slack.channelId, s.threadTs)?.user as string;
    return { ts: s.threadTs, user };
  });
  return { threads: threads.length };
}

function rates(method: string): RateStats {
  const since = burstStart;
  const calls = slack.calls().filter((c) => c.at >= since);
  const byMethod: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const c of calls) {
    byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
    if (!c.ok) errors[`${c.method}: ${c.error}`] = (errors[`${c.method}: ${c.error}`] ?? 0) + 1;
  }
  const changes = calls.filter((c) => c.method === method && c.ok);
  const byTs = new Map<string, number[]>();
  for (const c of changes) {
    const ts = String(c.params.ts);
    const list = byTs.get(ts) ?? [];
    list.push(c.at);
    byTs.set(ts, list);
  }
  // every bot message the answers left in their threads (native: the streams; the Stop companions are deleted)
  const messages: MessageRate[] = [];
  for (const s of burst)
    for (const m of botMessages(s.threadTs).slice(s.before)) {
      const times = byTs.get(m.ts) ?? [];
      const last = times.length ? Math.max(...times) : m.raw.postedAt;
      const lifetimeMs = last - m.raw.postedAt;
      messages.push({
        ts: m.ts,
        calls: times.length,
        lifetimeMs,
        perSecond: lifetimeMs > 0 ? times.length / (lifetimeMs / 1000) : 0,
        maxIn1s: maxInWindow(times, 1_000),
        firstGapMs: times.length ? Math.min(...times) - m.raw.postedAt : Number.NaN,
        maxIn1sWithPost: maxInWindow([m.raw.postedAt, ...times], 1_000),
      });
    }
  const times = changes.map((c) => c.at);
  return {
    method,
    messages,
    byMethod,
    total: calls.length,
    methodBusiest1s: maxInWindow(times, 1_000),
    methodBusiest60s: maxInWindow(times, 60_000),
    allBusiest1s: maxInWindow(
      calls.map((c) => c.at),
      1_000,
    ),
    durationMs: (calls.at(-1)?.at ?? since) - since,
    errors,
  };
}

async function handle(req: SlackRequest): Promise<unknown> {
  switch (req.op) {
    case 'info':
      return {
        apiUrl: slack.apiUrl,
        botToken: slack.botToken,
        signingSecret: slack.signingSecret,
        channelId: slack.channelId,
        openrouterUrl: openrouter.baseUrl,
        apiKey: API_KEY,
      } satisfies SlackFakesInfo;
    case 'ready':
      // Bolt calls auth.test from its constructor without waiting; let it land before anything else
      await slack.waitFor(
        () => slack.calls('auth.test').some((c) => c.ok && c.at >= burstStart),
        req.timeoutMs,
      );
      return undefined;
    case 'target':
      target = req.url;
      return undefined;
    case 'prepare':
      return prepare(req.count, req.reply, req.timeoutMs);
    case 'burst':
      return fire(req.spec);
    case 'preconnect':
      return preconnect(req.count);
    case 'finished':
      return finished(req.timeoutMs);
    case 'rates':
      return rates(req.method);
    case 'reset':
      openrouter.reset();
      burst = [];
      burstStart = Date.now();
      return undefined;
  }
}

process.on('message', (raw) => {
  const req = raw as SlackRequest & { id: number };
  handle(req).then(
    (result) => process.send?.({ id: req.id, ok: true, result } satisfies SlackResponse),
    (err: unknown) => process.send?.({ id: req.id, ok: false, error: String(err) } satisfies SlackResponse),
  );
});
process.on('disconnect', () => {
  void Promise.all([slack.close(), openrouter.close()]).then(() => process.exit(0));
});
process.send?.({ id: 0, ok: true, result: 'listening' } satisfies SlackResponse);
