/**
 * kill -9 of the Slack instance (HTTP mode) that acknowledged a mention but had shown nothing for it yet:
 * Slack does not redeliver an acknowledged event and the other instance never saw it, so the survivor
 * takes it over from its pending record once the dead instance's presence expired and answers it once.
 * A mention answered normally leaves no record behind and is never answered a second time.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStateStore } from '../../src/state/create-state-store.js';
import type { StateStore } from '../../src/state/store.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { FakeSlack } from '../fakes/slack.js';
import type { BotFleet } from './instances-harness.js';
import { closeSlackFleet, eventsUrlOf, type SlackFleet, startSlackFleet } from './slack-fleet.js';

const KEY = 'sk-or-v1-several-slack-pending-0123456789ab';
let f: SlackFleet;
let openrouter: FakeOpenRouter;
let slack: FakeSlack;
let fleet: BotFleet;
let store: StateStore;

beforeAll(async () => {
  f = await startSlackFleet({
    key: KEY,
    waitMs: 90_000,
    env: (s) => ({ SLACK_SIGNING_SECRET: s.signingSecret, SLACK_PORT: '0' }),
  });
  ({ openrouter, slack, fleet } = f);
  store = await createStateStore({ redisUrl: f.redis.url, dataDir: '' });
});
afterAll(async () => {
  await store?.close();
  await closeSlackFleet(f);
});

const fail = (err: unknown): never => {
  if (process.env.SLACKTO_DUMP)
    for (const b of fleet.bots) writeFileSync(`${process.env.SLACKTO_DUMP}-${b.name}.log`, b.output());
  throw new Error(`${String(err)}\n${fleet.outputs()}`);
};

async function dumpState(file: string) {
  const out: unknown[] = [];
  for (const ns of ['slack-pending', 'instances', 'slack-takeovers', 'slack-events'])
    for await (const e of store.namespace(ns).entries()) out.push([ns, e]);
  writeFileSync(file, JSON.stringify(out, null, 1));
}

async function pendingIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const [id] of store.namespace('slack-pending').entries()) ids.push(id);
  return ids;
}

const answers = (ts: string | undefined, text: string) =>
  slack.messages(slack.channelId, ts).filter((m) => m.isBot && m.text.includes(`Echo: ${text}`));

describe('kill -9 of the Slack instance that acknowledged a mention and showed nothing yet', () => {
  it('the survivor answers it once after the presence expired; answered events leave no record', async () => {
    const a = fleet.start('a');
    const b = fleet.start('b');
    const [toA] = await Promise.all([eventsUrlOf(a), eventsUrlOf(b)]);

    // answered normally by A: its record is gone once the answer shows
    const normal = slack.mention({ text: 'plain question' });
    await slack.send(normal, { to: toA });
    await a.until('answer finished', 30_000).catch(fail);
    expect(await pendingIds()).toEqual([]);

    // only someone else may chat now; the asker is a workspace admin, which A has to look up (users.info)
    slack.setUser('U0CONFIG1', { is_admin: true });
    slack.setUser('U0PENDING1', { is_admin: true });
    await slack.send(
      slack.slash({ text: 'config permit command:chat ids:<@U0SOMEONE>', user: 'U0CONFIG1' }),
      {
        to: toA,
      },
    );
    await slack
      .waitFor(() => slack.messages(slack.channelId).find((m) => m.ephemeralTo === 'U0CONFIG1'))
      .catch(fail);
    // A acknowledges the next mention, then waits on Slack's Retry-After before anything shows
    slack.rateLimit('users.info', { retryAfterSec: 300 });
    const asked = slack.mention({ text: 'lost question', user: 'U0PENDING1' });
    await slack.send(asked, { to: toA });
    await slack.waitFor(async () => (await pendingIds()).length === 1).catch(fail);
    // A is waiting on Slack's Retry-After now (its users.info was refused), nothing shown yet
    await a.until('API Call failed due to rate limiting', 30_000).catch(fail);
    expect(answers(asked.ts, 'lost question')).toEqual([]);
    const calls = openrouter.count('/chat/completions');
    await a.stop('SIGKILL');
    const killedAt = Date.now();

    await b.until('slack event taken over from a gone instance', 60_000).catch(async (err: unknown) => {
      if (process.env.SLACKTO_DUMP) await dumpState(`${process.env.SLACKTO_DUMP}-state.json`);
      fail(err);
    });
    await slack.waitFor(() => answers(asked.ts, 'lost question').length > 0).catch(fail);
    console.log(`taken over and answered ${((Date.now() - killedAt) / 1000).toFixed(1)} s after kill -9`);
    await slack.waitFor(async () => (await pendingIds()).length === 0).catch(fail);

    // two more passes of the survivor over the records: nothing taken again
    const passes = b.count('slack events of gone instances looked for');
    await b.until('answer finished', 30_000).catch(fail);
    await new Promise<void>((resolve) => {
      const off = b.onOutput(() => {
        if (b.count('slack events of gone instances looked for') < passes + 2) return;
        off();
        resolve();
      });
    });
    expect(answers(asked.ts, 'lost question')).toHaveLength(1);
    expect(answers(normal.ts, 'plain question')).toHaveLength(1);
    expect(openrouter.count('/chat/completions') - calls).toBe(1);
    expect(b.count('slack event taken over from a gone instance')).toBe(1);
    expect(await pendingIds()).toEqual([]);
  }, 180_000);
});
