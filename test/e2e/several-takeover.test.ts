/**
 * Losing an instance loses nothing the survivors can finish: three real bot processes on one Redis.
 * Instance X streams an answer (held mid-way by the fake OpenRouter) and has claimed a reply in that
 * thread which waits for its turn (nothing of it shown yet); the other two received the reply too and
 * lost the claim. X is killed with SIGKILL. Exactly one survivor finishes the cut answer ("interrupted",
 * no Stop button, kept in the history) and exactly one takes the reply over and answers it once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationStore } from '../../src/conversations/conversation-store.js';
import { turnText } from '../../src/conversations/types.js';
import { createStateStore } from '../../src/state/create-state-store.js';
import type { GatewaySession } from '../fakes/discord/gateway.js';
import type { FakeDiscord } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { RedisFixture } from '../helpers/redis.js';
import { closeDiscordFleet, startDiscordFleet } from './discord-fleet.js';
import type { BotFleet, BotProcess } from './instances-harness.js';

const KEY = 'sk-or-v1-several-takeover-0123456789abcdef';
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
let fleet: BotFleet;
let sessions: GatewaySession[];

beforeAll(async () => {
  ({ redis, openrouter, discord, fleet, sessions } = await startDiscordFleet({
    key: KEY,
    instances: ['a', 'b', 'c'],
    waitMs: 30_000,
    env: { STREAM_EDIT_INTERVAL_MS: '200', INSTANCE_COUNT: '3' },
  }));
}, 90_000);

afterAll(() => closeDiscordFleet({ fleet, discord, openrouter, redis }));

const total = (text: string) => fleet.bots.reduce((n, b) => n + b.count(text), 0);

/** Delivers a message only to `session` (Discord's delivery to the other sessions comes later). */
async function sendVia(session: GatewaySession, p: Parameters<FakeDiscord['sendMessage']>[0]) {
  discord.gateway.onlyTo = session;
  try {
    return await discord.sendMessage(p);
  } finally {
    discord.gateway.onlyTo = undefined;
  }
}

/** The same MESSAGE_CREATE, now delivered to the other sessions. */
function deliverToOthers(messageId: string, first: GatewaySession) {
  const sent = discord.gateway.dispatched.findLast(
    (e) => e.t === 'MESSAGE_CREATE' && (e.d as { id?: string }).id === messageId,
  );
  if (!sent) throw new Error(`message ${messageId} was never dispatched`);
  for (const s of sessions.filter((x) => x !== first)) {
    discord.gateway.onlyTo = s;
    discord.gateway.dispatch('MESSAGE_CREATE', sent.d);
  }
  discord.gateway.onlyTo = undefined;
}

async function fail(err: unknown): Promise<never> {
  throw new Error(`${String(err)}\n${fleet.outputs()}`);
}

describe('kill -9 of the instance that streams and has claimed', () => {
  it('one survivor finishes the cut answer, one answers the claimed reply; nothing twice', async () => {
    const x = sessions[0] as GatewaySession;
    openrouter.queueReply({
      text: 'The first half of the answer. And the second half never arrives.',
      chunkSize: 30,
      hold: true,
    });
    await sendVia(x, { content: 'tell me something long', mentionsBot: true });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes('something long')),
    );
    const frozen = await discord.waitFor(() =>
      discord
        .messages(thread.id)
        .find((m) => m.content.includes('The first half') && JSON.stringify(m.components).includes('"stop:')),
    );
    await fleet
      .untilTotal('"chars":30,"controls":false,"msg":"streaming answer kept"', 1, 20_000)
      .catch(fail);
    const victim = fleet.bots.find((b) => b.output().includes('"msg":"streaming answer kept"')) as BotProcess;
    const survivors = fleet.bots.filter((b) => b !== victim);

    // a reply in the thread: the victim claims it, then waits for the turn the held answer has
    const reply = await sendVia(x, { channelId: thread.id, content: 'and then what happened' });
    const store = await createStateStore({ redisUrl: redis.url, dataDir: '' });
    try {
      await discord.waitFor(() => store.namespace('event-claims').has(`message:${reply.id}`));
      deliverToOthers(reply.id, x);
      for (const s of survivors)
        await s.until(`"event":"message:${reply.id}","msg":"event claimed by another instance"`);
      await victim.stop('SIGKILL');

      await fleet.untilTotal('interrupted answer finished', 1, 90_000).catch(fail);
      const fixed = await discord.waitFor(() =>
        discord
          .messages(thread.id)
          .find((m) => m.id === frozen.id && m.content.includes('(interrupted by a restart)')),
      );
      expect(fixed.content).toContain('The first half of the answer.');
      expect(JSON.stringify(fixed.components)).not.toContain('stop:');

      await fleet.untilTotal('event taken over from a gone instance', 1, 90_000).catch(fail);
      await discord
        .waitFor(
          () =>
            discord
              .messages(thread.id)
              .find(
                (m) =>
                  m.content.includes('Echo: and then what happened') &&
                  !JSON.stringify(m.components).includes('stop:'),
              ),
          90_000,
        )
        .catch(fail);
      // both turns of the thread are in the history, in order, with the cut answer between
      const key = `discord:thread:${thread.id}`;
      const conversations = createConversationStore(store);
      await discord.waitFor(async () => ((await conversations.get(key))?.turns.length ?? 0) >= 4, 30_000);
      expect(await Promise.all(survivors.map((s) => s.stop('SIGTERM')))).toEqual([0, 0]);
      const turns = (await conversations.get(key))?.turns ?? [];
      expect(turns.map((t) => [t.role, t.status, turnText(t).slice(0, 14)])).toEqual([
        ['user', 'complete', 'tell me someth'],
        ['assistant', 'interrupted', 'The first half'],
        ['user', 'complete', 'and then what '],
        ['assistant', 'complete', 'Echo: and then'],
      ]);
    } finally {
      await store.close();
    }
    // exactly once each: one finisher, one taker, one answer, two upstream calls, no second thread
    expect(total('interrupted answer finished')).toBe(1);
    expect(total('event taken over from a gone instance')).toBe(1);
    const answers = discord
      .messages(thread.id)
      .filter((m) => m.content.includes('Echo: and then what happened'));
    expect(answers).toHaveLength(1);
    expect(openrouter.count('/chat/completions')).toBe(2);
    expect(discord.threads()).toHaveLength(1);
    expect(discord.requests.filter((r) => r.code === 40060)).toHaveLength(0);
  }, 180_000);
});
