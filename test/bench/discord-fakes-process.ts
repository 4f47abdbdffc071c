/**
 * The fake Discord and the fake OpenRouter together in a process of their own, for the Discord
 * benchmarks: the bot under test must not pay for the fakes' CPU (dispatching hundreds of gateway
 * frames, answering thousands of REST calls, pacing SSE streams). Driven over the IPC channel of
 * `fork()` by test/bench/discord-fakes.ts; every timestamp it reports comes from the fakes' clock.
 */

import { maxInWindow } from '../fakes/discord/wait.js';
import {
  type FakeDiscord,
  type InteractionHandle,
  type StoredMessage,
  startFakeDiscord,
} from '../fakes/discord.js';
import { startFakeOpenRouter } from '../fakes/openrouter.js';
import type { BurstSpec, EditStats, FakesInfo, FinishStats, Request, Response } from './discord-fakes.js';

const API_KEY = process.env.BENCH_API_KEY ?? 'sk-or-v1-bench';

const openrouter = await startFakeOpenRouter({ apiKey: API_KEY });
const discord: FakeDiscord = await startFakeDiscord({ defaultTimeoutMs: 30_000 });

interface Sent {
  handle: InteractionHandle;
  channelId: string;
  /** The answer's channel: the thread opened from the reply, or the reply's own channel. */
  answerChannel?: string;
  answerMessage?: string;
  finishedAt?: number;
  failed?: boolean;
}

let burst: Sent[] = [];
let burstStart = 0;
let userSeq = 0;

const FINISHED = /\n-# .*gen-/;

/** The interaction replies in a channel, by interaction id (built once per probe, not per answer). */
function repliesIn(channelId: string): Map<string, StoredMessage> {
  const out = new Map<string, StoredMessage>();
  for (const m of discord.messages(channelId)) if (m.interactionId) out.set(m.interactionId, m);
  return out;
}

/** Where the answer of an interaction is, once known (cached: the probe runs on every request). */
function locate(s: Sent, replies: Map<string, StoredMessage>): void {
  if (s.answerChannel) return;
  const original = replies.get(s.handle.id);
  if (!original) return;
  const thread = discord.channel(original.id);
  if (thread) s.answerChannel = thread.id;
  else if (original.flags & 64) {
    // a private answer stays in the ephemeral reply itself
    s.answerChannel = s.channelId;
    s.answerMessage = original.id;
  }
}

function checkFinished(s: Sent, now: number, replies: () => Map<string, StoredMessage>): boolean {
  if (s.finishedAt !== undefined) return true;
  if (!s.answerChannel) locate(s, replies());
  if (!s.answerChannel) return false;
  const msgs = discord.messages(s.answerChannel);
  const relevant = s.answerMessage ? msgs.filter((m) => m.id === s.answerMessage) : msgs;
  const done = relevant.some(
    (m) => FINISHED.test(m.content) && !JSON.stringify(m.components).includes('"stop:'),
  );
  const failed = relevant.some((m) => m.content.includes('⚠️'));
  if (!done && !failed) return false;
  s.finishedAt = now;
  s.failed = failed && !done;
  return true;
}

function startBurst(spec: BurstSpec): { count: number } {
  for (let i = 0; i < spec.count; i++) openrouter.queueReply(spec.reply);
  burst = [];
  burstStart = Date.now();
  const channelId = discord.channelId;
  for (let i = 0; i < spec.count; i++) {
    userSeq += 1;
    const userId = String(500_000_000_000_000_000n + BigInt(userSeq));
    const handle = discord.slashCommand({
      name: 'chat',
      options: [
        { name: 'prompt', type: 3, value: `${spec.prompt} ${i + 1}` },
        ...(spec.private ? [{ name: 'private', type: 5, value: true }] : []),
      ],
      userId,
      userName: `user${userSeq}`,
      channelId,
    });
    burst.push({ handle, channelId });
  }
  return { count: burst.length };
}

/** Each interaction's send and callback times (fake clock); `at: null` when it never got one. */
async function callbacks(timeoutMs: number) {
  const settled = await Promise.allSettled(burst.map((s) => s.handle.waitForCallback(timeoutMs)));
  return settled.map((r, i) => ({
    sentAt: burst[i]!.handle.sentAt,
    at: r.status === 'fulfilled' ? r.value.at : null,
    type: r.status === 'fulfilled' ? r.value.type : null,
  }));
}

async function finished(timeoutMs: number): Promise<FinishStats> {
  let pending = [...burst];
  await discord.waitFor(() => {
    const now = Date.now();
    let replies: Map<string, StoredMessage> | undefined;
    const lazyReplies = () => {
      replies ??= repliesIn(discord.channelId);
      return replies;
    };
    pending = pending.filter((s) => !checkFinished(s, now, lazyReplies));
    return pending.length === 0;
  }, timeoutMs);
  const times = burst.map((s) => (s.finishedAt ?? 0) - s.handle.sentAt).sort((a, b) => a - b);
  return {
    finished: burst.filter((s) => !s.failed).length,
    failed: burst.filter((s) => s.failed).length,
    answerMs: times,
    lastFinishedMs: Math.max(...burst.map((s) => (s.finishedAt ?? 0) - burstStart)),
  };
}

function editStats(windowMs: number): EditStats {
  const since = burstStart;
  const byChannel = new Map<string, { viaChannel: number[]; viaWebhook: number[] }>();
  const bucket = (id: string) => {
    let b = byChannel.get(id);
    if (!b) {
      b = { viaChannel: [], viaWebhook: [] };
      byChannel.set(id, b);
    }
    return b;
  };
  const channelOfToken = new Map(burst.map((s) => [s.handle.token, s.channelId]));
  let requests = 0;
  const requestTimes: number[] = [];
  const byRoute: Record<string, number> = {};
  for (const r of discord.requests) {
    if (r.at < since) continue;
    requests += 1;
    const route = `${r.method} ${r.path.replace(/\d{6,}|itok_\w+|@original/g, ':id')}`;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
    if (!r.path.endsWith('/callback')) requestTimes.push(r.at);
    if (r.method !== 'PATCH') continue;
    const viaChannel = /^\/channels\/(\d+)\/messages\/\d+$/.exec(r.path);
    if (viaChannel) {
      bucket(viaChannel[1]!).viaChannel.push(r.at);
      continue;
    }
    const viaWebhook = /^\/webhooks\/\d+\/([^/]+)\/messages\//.exec(r.path);
    const channel = viaWebhook ? channelOfToken.get(viaWebhook[1]!) : undefined;
    if (channel) bucket(channel).viaWebhook.push(r.at);
  }
  const threads = new Set(burst.map((s) => s.answerChannel).filter((c) => c && c !== discord.channelId));
  const perThread = [...threads].map((id) =>
    maxInWindow(
      discord.edits(id!).filter((t) => t >= since),
      windowMs,
    ),
  );
  const parent = bucket(discord.channelId);
  const parentAll = discord.edits(discord.channelId).filter((t) => t >= since);
  const threadEdits = [...threads].flatMap((id) => discord.edits(id!).filter((t) => t >= since));
  return {
    windowMs,
    parent: {
      all: maxInWindow(parentAll, windowMs),
      viaChannel: maxInWindow(parent.viaChannel, windowMs),
      viaWebhook: maxInWindow(parent.viaWebhook, windowMs),
      total: parentAll.length,
    },
    threads: threads.size,
    perThreadMax: perThread.length ? Math.max(...perThread) : 0,
    perThreadMean: perThread.length ? perThread.reduce((a, b) => a + b, 0) / perThread.length : 0,
    acrossThreads: maxInWindow(threadEdits, windowMs),
    threadEditsTotal: threadEdits.length,
    requests,
    byRoute,
    maxRequestsPerSecond: maxInWindow(requestTimes, 1_000),
  };
}

let releasing: NodeJS.Timeout | undefined;

function reset(): void {
  clearInterval(releasing);
  releasing = undefined;
  discord.requests.length = 0;
  discord.gateway.dispatched.length = 0;
  for (const s of discord.gateway.sessions) s.sent.length = 0;
  openrouter.reset();
  burst = [];
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'info':
      return {
        apiUrl: discord.apiUrl,
        origin: discord.origin,
        token: discord.token,
        applicationId: discord.applicationId,
        channelId: discord.channelId,
        openrouterUrl: openrouter.baseUrl,
        apiKey: API_KEY,
      } satisfies FakesInfo;
    case 'ready':
      return discord.waitForReady(req.timeoutMs);
    case 'noSessions':
      // the previous bot of a side-by-side run has gone (its socket closed)
      return discord.waitFor(() => discord.gateway.readySessions().length === 0, req.timeoutMs);
    case 'burst':
      return startBurst(req.spec);
    case 'callbacks':
      return callbacks(req.timeoutMs);
    case 'finished':
      return finished(req.timeoutMs);
    case 'edits':
      return editStats(req.windowMs);
    case 'inFlight':
      return openrouter.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    case 'release':
      // streams that reach their hold after this call are let go too, until the next reset
      openrouter.releaseHeld();
      releasing ??= setInterval(() => openrouter.releaseHeld(), 50);
      return undefined;
    case 'reset':
      return reset();
    case 'memory':
      return process.memoryUsage();
  }
}

process.on('message', (raw) => {
  const req = raw as Request & { id: number };
  handle(req).then(
    (result) => process.send?.({ id: req.id, ok: true, result } satisfies Response),
    (err: unknown) => process.send?.({ id: req.id, ok: false, error: String(err) } satisfies Response),
  );
});
process.on('disconnect', () => {
  void Promise.all([discord.close(), openrouter.close()]).then(() => process.exit(0));
});
process.send?.({ id: 0, ok: true, result: 'listening' } satisfies Response);
