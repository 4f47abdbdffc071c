/**
 * The governed client (real undici client underneath) against the fake OpenRouter: ZDR flags on
 * every billable request when the server forces it, one ledger entry per call with who/where/model/
 * tokens/cost (GET /generation for speech and cut streams), video counted once however often it is
 * polled, and the model allow-list refusing before anything is sent.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invocation } from '../../src/command-model/command-types.js';
import { createGovernance, type TeamGovernance } from '../../src/policy/governance.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { DEFAULT_CEILINGS } from '../../src/usage/estimate.js';
import type { GovernedClient } from '../../src/usage/governed-client.js';
import { bindScope, deriveInvocation, type InvocationScope } from '../../src/usage/invocation-scope.js';
import { toMicros } from '../../src/usage/micro.js';
import { testClient } from '../helpers/test-client.js';
import { useFakeOpenRouter } from '../helpers/use-fake-openrouter.js';

const KEY = 'sk-or-v1-governed-0123456789abcdef0123456789';
const fake = useFakeOpenRouter({ apiKey: KEY });
let gov: TeamGovernance;
let client: GovernedClient;

const invocation: Invocation = {
  platform: 'slack',
  command: 'chat',
  user: { id: 'U1', name: 'Ann', isAdmin: false },
  channelId: 'C1',
  serverId: 'T1',
};
/** What every billable call below passes: the invocation it is for (bound to a fresh scope per test). */
const call = { invocation };
let scope: InvocationScope;
const user = (text: string) => [{ role: 'user' as const, content: text }];
const drain = async (it: AsyncIterable<unknown>) => {
  for await (const _ of it) {
    /* read to the end */
  }
};

beforeEach(() => {
  scope = bindScope({ invocation, label: 'chat' });
  gov = createGovernance(
    { expensivePerHour: 10 },
    { store: createMemoryStore(), logger: pino({ level: 'silent' }), lookupDelaysMs: [0, 50, 200] },
  );
  client = gov.govern(testClient(fake, KEY));
});
afterEach(async () => {
  await client.close();
});

/** One call of every billable operation, as the invocation. */
async function everyBillableCall() {
  await client.chatCompletion(
    { model: 'openai/gpt-4o-mini', messages: user('a'), provider: { order: ['openai'] } },
    call,
  );
  await drain(await client.streamChatCompletion({ model: 'openai/gpt-4o-mini', messages: user('b') }, call));
  await client.createMessage(
    { model: 'anthropic/claude-sonnet-4', max_tokens: 50, messages: user('c') },
    call,
  );
  await drain(
    await client.streamMessage(
      { model: 'anthropic/claude-sonnet-4', max_tokens: 50, messages: user('d') },
      call,
    ),
  );
  await client.createResponse({ model: 'openai/gpt-4o-mini', input: 'e' }, call);
  await drain(await client.streamResponse({ model: 'openai/gpt-4o-mini', input: 'f' }, call));
  await client.createEmbeddings({ model: 'openai/text-embedding-3-small', input: ['g'] }, call);
  await client.createRerank({ model: 'cohere/rerank-v3.5', query: 'h', documents: ['i', 'j'] }, call);
  await drain(
    (
      await client.createSpeech(
        { model: 'openai/gpt-4o-mini-tts', input: 'hello there', voice: 'alloy' },
        call,
      )
    ).body,
  );
  await client.createTranscription(
    {
      model: 'openai/whisper-1',
      input_audio: { data: Buffer.from('RIFF').toString('base64'), format: 'wav' },
    },
    call,
  );
  await client.createVideo({ model: 'google/veo-3.1', prompt: 'a cat' }, call);
}

const billable = () => fake.requests.filter((r) => r.method === 'POST');

describe('zero-data-retention routing', () => {
  it('puts provider.zdr and data_collection: deny on every billable request when the server forces it', async () => {
    await gov.settings.update({ platform: 'slack', serverId: 'T1' }, (g) => ({ ...g, zdr: true }));
    await everyBillableCall();
    expect(billable().map((r) => r.path)).toHaveLength(11);
    for (const r of billable())
      expect((r.body as { provider?: unknown }).provider, r.path).toMatchObject({
        zdr: true,
        data_collection: 'deny',
      });
    expect(billable()[0]?.body).toMatchObject({ provider: { order: ['openai'] } });
  });

  it('sends no ZDR flags for servers that did not ask (and none outside an invocation)', async () => {
    await gov.settings.update({ platform: 'slack', serverId: 'OTHER' }, (g) => ({ ...g, zdr: true }));
    await everyBillableCall();
    await client.chatCompletion({ model: 'openai/gpt-4o-mini', messages: user('background') });
    for (const r of billable()) expect(JSON.stringify(r.body)).not.toContain('"zdr"');
  });
});

describe('the usage ledger', () => {
  it('records every billable call for the invoker, with model, tokens and cost', async () => {
    const account = { platform: 'slack', serverId: 'T1', channelId: 'C1', userId: 'U1' };
    const before = await gov.ledger.spend.getMicros(account, 'user', 'month', Date.now());
    await everyBillableCall();
    await gov.idle();
    const entries = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(entries.map((e) => e.kind).sort()).toEqual(
      [
        'chat',
        'chat',
        'embeddings',
        'messages',
        'messages',
        'rerank',
        'responses',
        'responses',
        'speech',
        'transcription',
      ].sort(),
    );
    for (const e of entries) {
      expect(e).toMatchObject({
        userId: 'U1',
        channelId: 'C1',
        serverId: 'T1',
        command: 'chat',
        costKnown: true,
      });
      expect(e.cost).toBeGreaterThan(0);
      expect(e.model).toBeTruthy();
    }
    const speech = entries.find((e) => e.kind === 'speech');
    expect(speech?.cost).toBeCloseTo('hello there'.length * 0.000015, 10); // looked up with GET /generation
    expect(fake.requests.some((r) => r.path.endsWith('/generation'))).toBe(true);
    const chat = entries.find((e) => e.kind === 'chat');
    expect(chat?.totalTokens).toBeGreaterThan(0);
    const total = entries.reduce((s, e) => s + (e.costMicros ?? 0), 0);
    // no budget applies here, so nothing was reserved: the counters hold exactly the ledger's cost, to the
    // micro-dollar (the video job still running adds its cost once a poll sees it finish)
    expect(await gov.ledger.spend.getMicros(account, 'user', 'month', Date.now())).toBe(before + total);
  });

  it('with a budget set, every reservation settles to the ledger’s cost and a running video keeps its ceiling', async () => {
    const account = { platform: 'slack', serverId: 'T1', channelId: 'C1', userId: 'U1' };
    await gov.settings.update({ platform: 'slack', serverId: 'T1' }, (g) => ({
      ...g,
      budgets: { ...g.budgets, server: { month: 1000 } },
    }));
    await everyBillableCall();
    await gov.idle();
    const entries = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    const total = entries.reduce((s, e) => s + (e.costMicros ?? 0), 0);
    const videoCeiling = toMicros(DEFAULT_CEILINGS.video);
    for (const scope of ['user', 'channel', 'server'] as const)
      expect(await gov.ledger.spend.getMicros(account, scope, 'month', Date.now())).toBe(
        total + videoCeiling,
      );
  });

  it('records a stream cut short (early break) from its generation stats', async () => {
    fake.queueReply({ text: 'a long answer that will be cut off early', chunkSize: 4, chunkDelayMs: 20 });
    const stream = await client.streamChatCompletion(
      { model: 'openai/gpt-4o-mini', messages: user('long') },
      call,
    );
    for await (const event of stream) if (event.type === 'text') break;
    await gov.idle();
    const [entry] = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(entry).toMatchObject({ kind: 'chat', costKnown: true, userId: 'U1' });
    expect(entry?.cost).toBeGreaterThan(0);
  });

  it('counts a video once, when a poll first reports it completed with its cost', async () => {
    fake.configureVideo({ pollsUntilDone: 2 });
    const job = await client.createVideo({ model: 'google/veo-3.1', prompt: 'a dog' }, call);
    // polls come from the shared poller, outside the invocation
    for (let i = 0; i < 5; i++) await client.getVideo(job.data.id);
    const entries = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'video', userId: 'U1', model: 'google/veo-3.1', cost: 0.4 });
  });

  it('on shutdown, a call still waiting for its cost is recorded with an unknown cost, not dropped', async () => {
    // stats that would take a minute to appear: the shutdown comes first
    const patient = createGovernance(
      { expensivePerHour: 10 },
      { store: createMemoryStore(), logger: pino({ level: 'silent' }), lookupDelaysMs: [60_000] },
    );
    const slow = patient.govern(testClient(fake, KEY));
    const audio = await slow.createSpeech(
      { model: 'openai/gpt-4o-mini-tts', input: 'bye', voice: 'alloy' },
      call,
    );
    await drain(audio.body);
    await slow.close();
    const entries = await patient.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'speech', userId: 'U1', costKnown: false });
  });

  it('still counts a video that completes without a cost (looked up, else recorded as unknown)', async () => {
    fake.configureVideo({ pollsUntilDone: 1, omitCost: true });
    const job = await client.createVideo({ model: 'google/veo-3.1', prompt: 'a cat' }, call);
    for (let i = 0; i < 3; i++) await client.getVideo(job.data.id);
    await gov.idle();
    const entries = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'video', userId: 'U1', model: 'google/veo-3.1' });
  });

  it('records calls outside any invocation under "system"', async () => {
    await client.chatCompletion({ model: 'openai/gpt-4o-mini', messages: user('background') });
    const entries = await gov.ledger.list({ platform: 'system', serverId: 'system' }, 'day');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ userId: 'system', command: 'system' });
  });
});

describe('the invocation each call names', () => {
  const other: Invocation = {
    ...invocation,
    user: { id: 'U2', name: 'Bo', isAdmin: false },
    channelId: 'C2',
  };

  it('sums every call into its invocation’s scope (for the summary line) and never sends it upstream', async () => {
    await everyBillableCall();
    await gov.idle();
    const entries = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(scope.usage?.map((n) => n.generationId).sort()).toEqual(entries.map((e) => e.generationId).sort());
    for (const r of fake.requests) {
      expect(JSON.stringify(r.body ?? null), r.path).not.toMatch(/invocation|Ann/);
      expect(JSON.stringify(r.headers), r.path).not.toMatch(/invocation|Ann/);
    }
  });

  it('keeps two invocations apart while their calls interleave', async () => {
    const theirs = bindScope({ invocation: other, label: 'speak' });
    // two streams open at once, read in the other order, with JSON calls of both in between
    fake.queueReply({ text: 'for Ann', usage: { cost: 0.1 } });
    fake.queueReply({ text: 'for Bo', usage: { cost: 0.2 } });
    const mine = await client.streamChatCompletion(
      { model: 'openai/gpt-4o-mini', messages: user('1') },
      call,
    );
    const yours = await client.streamChatCompletion(
      { model: 'openai/gpt-4o-mini', messages: user('2') },
      { invocation: other },
    );
    await Promise.all([
      client.createEmbeddings(
        { model: 'openai/text-embedding-3-small', input: ['x'] },
        { invocation: other },
      ),
      client.createEmbeddings({ model: 'openai/text-embedding-3-small', input: ['y'] }, call),
      drain(yours),
    ]);
    await drain(mine);
    await gov.idle();
    const entries = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    const of = (userId: string) => entries.filter((e) => e.userId === userId);
    expect(of('U1').map((e) => [e.kind, e.channelId, e.command])).toEqual(
      expect.arrayContaining([
        ['chat', 'C1', 'chat'],
        ['embeddings', 'C1', 'chat'],
      ]),
    );
    expect(of('U2').map((e) => [e.kind, e.channelId, e.command])).toEqual(
      expect.arrayContaining([
        ['chat', 'C2', 'speak'],
        ['embeddings', 'C2', 'speak'],
      ]),
    );
    expect(entries).toHaveLength(4);
    const ids = (list: typeof entries) => list.map((e) => e.generationId).sort();
    expect(scope.usage?.map((n) => n.generationId).sort()).toEqual(ids(of('U1')));
    expect(theirs.usage?.map((n) => n.generationId).sort()).toEqual(ids(of('U2')));
    expect(of('U1').find((e) => e.kind === 'chat')?.cost).toBe(0.1);
    expect(of('U2').find((e) => e.kind === 'chat')?.cost).toBe(0.2);
  });

  it('a copy made with deriveInvocation (the thread a command opened) belongs to the same scope', async () => {
    const inThread = deriveInvocation(invocation, { threadId: 'TH1' });
    await client.chatCompletion(
      { model: 'openai/gpt-4o-mini', messages: user('t') },
      { invocation: inThread },
    );
    const [entry] = await gov.ledger.list({ platform: 'slack', serverId: 'T1' }, 'day');
    expect(entry).toMatchObject({ userId: 'U1', command: 'chat' });
    expect(scope.usage).toHaveLength(1);
  });

  it('a call naming an invocation nobody bound is still its person’s, under their budget', async () => {
    await gov.settings.update({ platform: 'slack', serverId: 'T1' }, (g) => ({
      ...g,
      budgets: { ...g.budgets, users: { U1: { day: 0.000001 } } },
    }));
    await expect(
      client.chatCompletion(
        { model: 'openai/gpt-4o-mini', messages: user('u') },
        { invocation: { ...invocation } },
      ),
    ).rejects.toMatchObject({ code: 'POLICY.BUDGET_EXCEEDED' });
    expect(fake.requests).toHaveLength(0);
  });

  it('a call naming no invocation is the system’s: no budget applies to it', async () => {
    await gov.settings.update({ platform: 'slack', serverId: 'T1' }, (g) => ({
      ...g,
      budgets: { ...g.budgets, users: { U1: { day: 0.000001 } } },
    }));
    await expect(
      client.chatCompletion({ model: 'openai/gpt-4o-mini', messages: user('v') }, call),
    ).rejects.toMatchObject({ code: 'POLICY.BUDGET_EXCEEDED' });
    await client.chatCompletion({ model: 'openai/gpt-4o-mini', messages: user('w') });
    const entries = await gov.ledger.list({ platform: 'system', serverId: 'system' }, 'day');
    expect(entries).toEqual([expect.objectContaining({ userId: 'system', command: 'system' })]);
  });
});

describe('the model allow-list', () => {
  it('refuses a model outside it before sending, and drops fallbacks outside it', async () => {
    await gov.settings.update({ platform: 'slack', serverId: 'T1' }, (g) => ({ ...g, models: ['openai/*'] }));
    await expect(
      client.streamChatCompletion({ model: 'anthropic/claude-sonnet-4', messages: user('x') }, call),
    ).rejects.toMatchObject({ code: 'POLICY.MODEL_NOT_ALLOWED' });
    expect(fake.requests).toHaveLength(0);
    await client.chatCompletion(
      {
        model: 'openai/gpt-4o-mini',
        models: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4', 'openai/gpt-4o'],
        messages: user('y'),
      },
      call,
    );
    expect((fake.requests[0]?.body as { models?: string[] } | undefined)?.models).toEqual([
      'openai/gpt-4o-mini',
      'openai/gpt-4o',
    ]);
  });
});
