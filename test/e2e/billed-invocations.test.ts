/**
 * Every command path that makes a billable call names the invocation it serves: the app as `npm start`
 * builds it (dispatcher, policy, governed client, services) against the fake OpenRouter. For each path the
 * ledger entry carries the person who asked and the command, and a per-user budget too small for one call
 * refuses that person before anything billable is sent (a call that lost its invocation would be the
 * system's: billed to nobody, under no budget). Two people's answers running at once each get their own
 * attribution and their own summary line.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import type { LedgerEntry } from '../../src/usage/ledger.js';
import {
  DEFAULT_MODEL_SPECS,
  type FakeOpenRouter,
  IMAGE_MODEL_SPECS,
  startFakeOpenRouter,
} from '../fakes/openrouter.js';
import { createFakeSurface, type FakeSurface } from '../fakes/surface.js';
import { bytesAttachment, sineWav } from '../helpers/audio.js';
import { pngDataUrl } from '../helpers/images.js';
import { createTestApp } from '../helpers/test-app.js';

const KEY = 'sk-or-v1-billed-invocations-0123456789abcdef';
const RICH = 'U_RICH';
const POOR = 'U_POOR';
const IMAGE_MODEL = 'google/gemini-2.5-flash-image';
let fake: FakeOpenRouter;
let app: App;
let logs: string[];

beforeAll(async () => {
  fake = await startFakeOpenRouter({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  fake.reset();
  fake.setModels([...DEFAULT_MODEL_SPECS, ...IMAGE_MODEL_SPECS]);
  logs = [];
  ({ app } = createTestApp(
    {
      OPENROUTER_API_KEY: KEY,
      OPENROUTER_BASE_URL: fake.baseUrl,
      OPENROUTER_MAX_RETRIES: '0',
      EXPENSIVE_PER_HOUR: '0',
    },
    { logs },
  ));
  // a budget far below what any one call may cost, for one person only
  await app.services.governance.settings.update({ platform: 'test', serverId: 'G1' }, (g) => ({
    ...g,
    budgets: { ...g.budgets, users: { [POOR]: { day: 0.000001 } } },
  }));
});
afterEach(async () => {
  await app.close();
});

type Ctx = Pick<Invocation, 'command' | 'subcommand' | 'target'>;
const invocationOf = (userId: string, what: Ctx): Invocation => ({
  platform: 'test',
  user: { id: userId, name: userId, isAdmin: false },
  channelId: 'C1',
  serverId: 'G1',
  ...what,
});

const entries = async (): Promise<LedgerEntry[]> => {
  await app.services.governance.idle();
  return app.services.governance.ledger.list({ platform: 'test', serverId: 'G1' }, 'day');
};
const billable = () => fake.requests.filter((r) => r.method === 'POST').map((r) => r.path);
const lines = () => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

const wav = () =>
  bytesAttachment(sineWav({ seconds: 1 }), { id: 'a1', name: 'memo.wav', contentType: 'audio/wav' });
const message = (text: string, attachments = [] as ReturnType<typeof wav>[]) => ({
  messageId: 'M1',
  text,
  attachments,
});

interface Path {
  name: string;
  label: string;
  /** The billable kinds the path records. */
  kinds: string[];
  /** What must exist before (a conversation, a note). */
  before?: (surface: FakeSurface) => Promise<unknown>;
  run(userId: string, surface: FakeSurface): Promise<{ ok: boolean; code?: string }>;
}

const command =
  (name: string, raw: Record<string, unknown>, subcommand?: string) =>
  (userId: string, surface: FakeSurface) =>
    app.dispatcher.dispatchCommand(
      invocationOf(userId, { command: name, ...(subcommand ? { subcommand } : {}) }),
      raw,
      surface,
    );
const action = (id: string, target: Invocation['target']) => (userId: string, surface: FakeSurface) =>
  app.dispatcher.dispatchMessageAction(invocationOf(userId, { command: id, target }), id, surface);
const button = (customId: string) => (userId: string, surface: FakeSurface) =>
  app.dispatcher.dispatchButton(invocationOf(userId, { command: customId }), customId, surface);

/** Runs `work` with the tight budget lifted (what people did before it was set). */
async function withoutBudget<T>(work: () => Promise<T>): Promise<T> {
  const where = { platform: 'test', serverId: 'G1' };
  const saved = await app.services.governance.settings.get(where);
  await app.services.governance.settings.update(where, (g) => ({
    ...g,
    budgets: { ...g.budgets, users: {} },
  }));
  try {
    return await work();
  } finally {
    await app.services.governance.settings.update(where, () => saved);
  }
}

/** A note in the server's notebook (saved by someone else), so searches have something to rank. */
const aNote = () =>
  app.services.notebook.add({
    platform: 'test',
    serverId: 'G1',
    channelId: 'C1',
    authorId: 'U_OTHER',
    authorName: 'other',
    text: 'The launch is on Friday.',
  });

const PATHS: Path[] = [
  { name: '/chat', label: 'chat', kinds: ['chat'], run: command('chat', { prompt: 'hello' }) },
  {
    name: 'the Regenerate button',
    label: 'button:regenerate',
    kinds: ['chat'],
    // a question of each person's own to answer again, asked before the tight budget
    before: () =>
      withoutBudget(() =>
        Promise.all([RICH, POOR].map((u) => command('chat', { prompt: 'first' })(u, createFakeSurface()))),
      ),
    run: button('regenerate:last'),
  },
  {
    name: '/imagine',
    label: 'imagine',
    kinds: ['chat'],
    before: async () =>
      fake.queueReply({ text: 'A lighthouse.', images: [await pngDataUrl('#e07020', 64, 48)] }),
    run: command('imagine', { prompt: 'a lighthouse', model: IMAGE_MODEL }),
  },
  { name: '/speak', label: 'speak', kinds: ['speech'], run: command('speak', { text: 'hello there' }) },
  {
    name: 'the Read aloud action',
    label: 'action:read-aloud',
    kinds: ['speech'],
    run: action('read-aloud', message('read me')),
  },
  {
    name: '/transcribe',
    label: 'transcribe',
    kinds: ['transcription'],
    run: (userId, surface) => command('transcribe', { file: wav() })(userId, surface),
  },
  {
    name: 'the Transcribe action',
    label: 'action:transcribe',
    kinds: ['transcription'],
    run: (userId, surface) => action('transcribe', message('', [wav()]))(userId, surface),
  },
  {
    name: 'the Summarize button',
    label: 'button:summarize',
    kinds: ['chat'],
    run: async (userId, surface) =>
      button(`summarize:${await app.services.transcripts.save('test:a1', 'buy milk')}`)(userId, surface),
  },
  { name: '/kb add', label: 'kb add', kinds: ['embeddings'], run: command('kb', { text: 'a note' }, 'add') },
  {
    name: '/kb search',
    label: 'kb search',
    kinds: ['embeddings', 'rerank'],
    before: aNote,
    run: command('kb', { query: 'launch' }, 'search'),
  },
  {
    name: '/kb ask',
    label: 'kb ask',
    kinds: ['embeddings', 'rerank', 'chat'],
    before: aNote,
    run: command('kb', { question: 'when is the launch?' }, 'ask'),
  },
  {
    name: 'the Save to notebook action',
    label: 'action:kb-save',
    kinds: ['embeddings'],
    run: action('kb-save', message('remember this')),
  },
  {
    name: '/video create',
    label: 'video create',
    kinds: ['video'],
    before: async () => fake.configureVideo({ pollsUntilDone: 1 }),
    run: async (userId, surface) => {
      const outcome = await command('video', { prompt: 'a cat' }, 'create')(userId, surface);
      // paid when a poll sees it finish: the shared poller's call, which names no invocation
      const job = lines().find((l) => l.msg === 'video job submitted')?.job;
      if (typeof job === 'string') await app.services.client.getVideo(job);
      return outcome;
    },
  },
];

describe.each(PATHS)('$name', (path) => {
  it('bills the person who asked, under the command’s label', async () => {
    await path.before?.(createFakeSurface());
    const before = (await entries()).length;
    const outcome = await path.run(RICH, createFakeSurface());
    expect(outcome).toMatchObject({ ok: true });
    const mine = (await entries()).slice(before);
    expect(mine.map((e) => e.kind).sort()).toEqual([...path.kinds].sort());
    for (const e of mine)
      expect(e).toMatchObject({
        platform: 'test',
        serverId: 'G1',
        channelId: 'C1',
        userId: RICH,
        command: path.label,
      });
  });

  it('refuses a person whose own budget cannot cover the call, before anything billable is sent', async () => {
    await path.before?.(createFakeSurface());
    const sent = billable().length;
    const before = await entries();
    const surface = createFakeSurface();
    const outcome = await path.run(POOR, surface);
    expect(outcome.ok).toBe(false);
    expect(surface.visibleText()).toContain('budget');
    expect(
      billable()
        .slice(sent)
        .filter((p) => !p.endsWith('/generation')),
    ).toEqual([]);
    // nothing recorded for anyone (a call billed to the system would show here only as spend nobody limits)
    expect((await entries()).slice(before.length)).toEqual([]);
  });
});
