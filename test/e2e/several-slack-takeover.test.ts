/**
 * kill -9 of the Slack instance that streams an answer (native stream, Socket Mode), two instances on one
 * Redis, and the killed one restarted at once: the survivor and the restarted instance both look for
 * answers of gone instances, and exactly one of them ends the live message with "(interrupted by a
 * restart)", removes its Stop control and keeps the cut answer in the history with its cost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/conversations/types.js';
import { createStateStore } from '../../src/state/create-state-store.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { FakeSlack } from '../fakes/slack.js';
import type { RedisFixture } from '../helpers/redis.js';
import type { BotFleet, BotProcess } from './instances-harness.js';
import { closeSlackFleet, type SlackFleet, startSlackFleet } from './slack-fleet.js';
import { isStopButton } from './slack-harness.js';

const KEY = 'sk-or-v1-several-slack-kill-0123456789abcdef';
let f: SlackFleet;
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let slack: FakeSlack;
let fleet: BotFleet;

beforeAll(async () => {
  f = await startSlackFleet({ key: KEY, waitMs: 90_000, env: (s) => ({ SLACK_APP_TOKEN: s.appToken }) });
  ({ redis, openrouter, slack, fleet } = f);
});
afterAll(async () => {
  await closeSlackFleet(f);
});

const fail = (err: unknown): never => {
  throw new Error(`${String(err)}\n${fleet.outputs()}`);
};

describe('kill -9 of the Slack instance that streams, restarted at once', () => {
  it('one instance (survivor or restarted) ends the cut answer; kept in the history once', async () => {
    const bots = [fleet.start('a'), fleet.start('b')];
    await Promise.all(bots.map((b) => b.until('slack ready (socket mode)', 60_000)));
    await slack.waitFor(() => slack.socket.openConnections().length === 2);
    openrouter.queueReply({
      text: 'Half a thought, then silence. The rest never comes.',
      chunkSize: 30,
      hold: true,
    });
    const asked = slack.mention({ text: 'think out loud' });
    await slack.send(asked);
    const thread = () => slack.messages(slack.channelId, asked.ts).filter((m) => m.isBot);
    const live = await slack.waitFor(() =>
      thread().find((m) => m.streaming === 'in_progress' && m.text.includes('Half a thought')),
    );
    const kept = '"chars":30,"controls":true,"msg":"streaming answer kept"';
    await fleet.untilTotal(kept, 1, 20_000).catch(fail);
    const victim = bots.find((b) => b.output().includes(kept)) as BotProcess;
    await victim.stop('SIGKILL');
    fleet.start(`${victim.name}-restarted`);

    await fleet.untilTotal('interrupted answer finished', 1, 90_000).catch(fail);
    const ended = await slack.waitFor(() =>
      thread().find((m) => m.ts === live.ts && m.text.includes('(interrupted by a restart)')),
    );
    expect(ended.streaming).toBe('done');
    expect(ended.text).toContain('Half a thought');
    expect(thread().some((m) => m.buttons.some(isStopButton))).toBe(false);

    const store = await createStateStore({ redisUrl: redis.url, dataDir: '' });
    try {
      await slack.waitFor(async () => {
        for await (const _ of store.namespace('answers-in-flight').entries()) return false;
        return true;
      });
      const convos: Conversation[] = [];
      for await (const [, c] of store.namespace('conversations').entries<Conversation>()) convos.push(c);
      expect(convos.map((c) => c.turns.map((t) => [t.role, t.status]))).toEqual([
        [
          ['user', 'complete'],
          ['assistant', 'interrupted'],
        ],
      ]);
      expect(convos[0]?.turns[1]?.usage?.cost).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    // both live instances passed over the entry at least once more: still finished exactly once
    const alive = fleet.bots.filter((b) => b !== victim);
    const passes = alive.map((b) => b.count('interrupted answers recovered'));
    await Promise.all(
      alive.map((b, n) => fleetWait(() => b.count('interrupted answers recovered') > (passes[n] ?? 0))),
    );
    expect(fleet.bots.reduce((n, b) => n + b.count('interrupted answer finished'), 0)).toBe(1);
    expect(openrouter.count('/chat/completions')).toBe(1);
  }, 180_000);
});

/** Resolves once `probe` holds, re-checked on every piece of output of any instance. */
function fleetWait(probe: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const offs = fleet.bots.map((b) =>
      b.onOutput(() => {
        if (!probe()) return;
        for (const off of offs) off();
        resolve();
      }),
    );
    if (probe()) {
      for (const off of offs) off();
      resolve();
    }
  });
}
