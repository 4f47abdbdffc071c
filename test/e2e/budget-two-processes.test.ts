/**
 * Budgets across two real processes sharing one Redis, against the fakes:
 * - 1,000 mixed concurrent billable calls (500 per process: chat, streams, streams cut short and settled from
 *   GET /generation, embeddings, calls the fake fails) for one person with a daily budget: the ledger, every
 *   counter and the reservations agree to the micro-dollar, nothing is spent past the limit, and no refused
 *   call reached OpenRouter;
 * - 20 chats split over two bot processes (`npm start`) against a budget for one answer: exactly one answered,
 *   19 refused before any upstream call, on Slack (HTTP, one fake workspace) and on Discord (each process on its
 *   own fake gateway with the same server and people).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGovernance } from '../../src/policy/governance.js';
import { createRedisStore } from '../../src/state/redis-store.js';
import type { StateStore } from '../../src/state/store.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { startRedis } from '../helpers/redis.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const KEY = 'sk-or-v1-two-processes-0123456789abcdef';
const redis = await startRedis();
const children: ChildProcess[] = [];
const dirs: string[] = [];
let openrouter: FakeOpenRouter;
let store: StateStore;

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
  if (redis) store = await createRedisStore({ redisUrl: redis.url });
});
afterAll(async () => {
  await store?.close();
  await openrouter.close();
  await redis?.stop();
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs a process to its end; resolves with its stdout. */
async function run(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(tsx, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${err}`);
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** `npm start` serving Slack over HTTP on its own port, with the shared Redis. */
async function startBotProcess(slack: FakeSlack): Promise<string> {
  const port = await freePort();
  await startProcess(
    {
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: slack.signingSecret,
      SLACK_API_URL: slack.apiUrl,
      SLACK_PORT: String(port),
    },
    'slack ready',
  );
  return `http://127.0.0.1:${port}/slack/events`;
}

/** `npm start` with the shared Redis and the fake OpenRouter; resolves once `ready` is logged. */
async function startProcess(env: Record<string, string>, ready: string): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-two-'));
  dirs.push(cwd);
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS)_/.test(k)),
  );
  const child = spawn(tsx, [join(root, 'adapters', 'main.ts')], {
    cwd,
    env: {
      ...clean,
      DATA_DIR: join(cwd, 'data'),
      LOG_LEVEL: 'info',
      OPENROUTER_API_KEY: KEY,
      OPENROUTER_BASE_URL: openrouter.baseUrl,
      OPENROUTER_MAX_RETRIES: '0',
      REDIS_URL: redis?.url ?? '',
      STREAM_EDIT_INTERVAL_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start:\n${out}`)), 30_000);
    const collect = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  });
}

if (!redis)
  describe('budgets across two processes on one Redis', () => {
    it('needs Redis (REDIS_URL or redis-server on PATH)', () => {
      expect.fail('no Redis available: set REDIS_URL to run the cross-process budget tests');
    });
  });

describe.runIf(redis)('budgets across two processes on one Redis', { timeout: 120_000 }, () => {
  it('1,000 mixed concurrent calls: ledger, counters and reservations agree to the micro-dollar', async () => {
    const team = `T${randomUUID().slice(0, 8).toUpperCase()}`;
    const userId = `U${randomUUID().slice(0, 8).toUpperCase()}`;
    const gov = createGovernance({ expensivePerHour: 0 }, { store, logger: pino({ level: 'silent' }) });
    await gov.settings.update({ platform: 'slack', serverId: team }, (g) => ({
      ...g,
      budgets: { ...g.budgets, users: { [userId]: { day: 0.006 } } },
    }));
    openrouter.reset();
    openrouter.injectFault({ kind: 'status', status: 500 }, { count: 40, path: '/chat/completions' });
    const env = {
      REDIS_URL: redis?.url ?? '',
      OR_BASE_URL: openrouter.baseUrl,
      OR_KEY: KEY,
      USER_ID: userId,
      TEAM_ID: team,
      CALLS: '500',
    };
    const worker = join(root, 'test', 'e2e', 'budget-worker.ts');
    const results = (await Promise.all([run([worker], env), run([worker], env)])).map(
      (out) => JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>,
    );
    const total = (code: string) => results.reduce((sum, r) => sum + (r[code] ?? 0), 0);
    expect(
      Object.values(results)
        .flatMap(Object.values)
        .reduce((a, b) => a + b, 0),
    ).toBe(1000);
    console.info('two processes, 1,000 calls:', JSON.stringify(results));
    expect(total('ok')).toBeGreaterThan(0);
    expect(total('POLICY.BUDGET_EXCEEDED')).toBeGreaterThan(0);
    expect(total('OPENROUTER.SERVER_ERROR')).toBe(40); // failed calls released their reservations

    const now = Date.now();
    const entries = (await gov.ledger.list({ platform: 'slack', serverId: team }, 'day')).filter(
      (e) => e.userId === userId,
    );
    expect(entries).toHaveLength(total('ok'));
    const ledgerMicros = entries.reduce((sum, e) => sum + (e.costMicros ?? 0), 0);
    const account = { platform: 'slack', serverId: team, channelId: 'C0SHARED01', userId };
    const counters = await Promise.all(
      (['user', 'channel', 'server'] as const).flatMap((scope) =>
        (['day', 'month'] as const).map((period) => gov.ledger.spend.getMicros(account, scope, period, now)),
      ),
    );
    // every counter holds exactly the ledger's spend: no reservation left open, none settled twice
    expect(counters).toEqual(Array(6).fill(ledgerMicros));
    expect(ledgerMicros).toBeGreaterThan(0);
    expect(ledgerMicros).toBeLessThanOrEqual(6000); // never past the limit
    // refused calls never reached OpenRouter: upstream saw exactly the calls that were not refused
    const upstream = openrouter.requests.filter(
      (r) => r.method === 'POST' && (r.path.endsWith('/chat/completions') || r.path.endsWith('/embeddings')),
    );
    expect(upstream).toHaveLength(1000 - total('POLICY.BUDGET_EXCEEDED'));
  });

  it('20 /switchboard chat split over two bot processes against a budget for one: one answered, 19 refused', async () => {
    const slack = await startFakeSlack({ defaultTimeoutMs: 30_000 });
    try {
      const admin = `U${randomUUID().slice(0, 8).toUpperCase()}`;
      const member = `U${randomUUID().slice(0, 8).toUpperCase()}`;
      slack.setUser(admin, { is_admin: true });
      openrouter.reset();
      const urls = [await startBotProcess(slack), await startBotProcess(slack)];
      const botTexts = () =>
        slack
          .calls()
          .filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method))
          .map((c) => String(c.params.text ?? ''));
      await slack.send(slack.slash({ text: 'config budget scope:user period:day usd:0.012', user: admin }), {
        to: urls[0] as string,
      });
      await slack.waitFor(() => botTexts().find((t) => t.includes('Budget set')));
      for (let i = 0; i < 20; i++) openrouter.queueReply({ text: `answer ${i}`, usage: { cost: 0.005 } });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          slack.send(slack.slash({ text: `chat prompt:"split ${i + 10}"`, user: member }), {
            to: urls[i % 2] as string,
          }),
        ),
      );
      const refusals = await slack.waitFor(() => {
        const found = botTexts().filter((t) => t.includes('⚠️') && /daily budget/.test(t));
        return found.length >= 19 ? found : undefined;
      });
      expect(refusals).toHaveLength(19);
      // the 19 refusals are final, so once the one answer's request is there, no other can follow
      await slack.waitFor(() => openrouter.requests.find((r) => r.path.endsWith('/chat/completions')));
      expect(openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
    } finally {
      for (const child of children.splice(0)) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await slack.close();
    }
  });

  it('20 /chat split over two Discord bot processes against a budget for one: one answered, 19 refused', async () => {
    // two gateways (each process its own fake Discord with the same server, channel and people), one Redis
    const fakes = [
      await startFakeDiscord({ defaultTimeoutMs: 30_000 }),
      await startFakeDiscord({ defaultTimeoutMs: 30_000 }),
    ];
    try {
      openrouter.reset();
      const member = { userId: `3${Date.now()}`.slice(0, 18), userName: 'bob', permissions: '0' };
      for (const fake of fakes)
        await startProcess(
          {
            DISCORD_TOKEN: fake.token,
            DISCORD_APPLICATION_ID: fake.applicationId,
            DISCORD_API_URL: fake.apiUrl,
          },
          'discord ready',
        );
      const [first, second] = fakes as [FakeDiscord, FakeDiscord];
      const budget = first.slashCommand({
        name: 'config',
        options: [
          {
            name: 'budget',
            type: 1,
            options: [
              { name: 'scope', type: 3, value: 'user' },
              { name: 'target', type: 3, value: member.userId },
              { name: 'period', type: 3, value: 'day' },
              { name: 'usd', type: 10, value: 0.012 },
            ],
          },
        ] as never,
      });
      await budget.waitForCallback();
      await first.waitFor(() =>
        first.requests.find(
          (r) => r.path.includes(budget.token) && JSON.stringify(r.body).includes('Budget set'),
        ),
      );
      for (let i = 0; i < 20; i++) openrouter.queueReply({ text: `answer ${i}`, usage: { cost: 0.005 } });
      const handles = Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? second : first).slashCommand({
          name: 'chat',
          options: [{ name: 'prompt', type: 3, value: `split question ${i + 10}` }] as never,
          ...member,
        }),
      );
      await Promise.all(handles.map((h) => h.waitForCallback()));
      const refused = (fake: FakeDiscord) =>
        fake
          .threads()
          .filter((t) =>
            fake.messages(t.id).some((m) => m.content.includes('⚠️') && m.content.includes('daily budget')),
          );
      // each process talks to its own fake: re-check on a change in either, or the last refusal may go unseen
      const waitOnBoth = <T>(probe: () => T | undefined) =>
        Promise.any(fakes.map((fake) => fake.waitFor(probe)));
      await waitOnBoth(() => (refused(first).length + refused(second).length >= 19 ? true : undefined));
      expect(refused(first).length + refused(second).length).toBe(19);
      expect(refused(first).length).toBeGreaterThan(0);
      expect(refused(second).length).toBeGreaterThan(0);
      await waitOnBoth(() => openrouter.requests.find((r) => r.path.endsWith('/chat/completions')));
      expect(openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);
    } finally {
      for (const child of children.splice(0)) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      for (const fake of fakes) await fake.close();
    }
  });
});
