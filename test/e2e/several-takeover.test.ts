/**
 * Losing an instance loses nothing the survivors can finish: three real bot processes on one Redis.
 * Instance X streams an answer (held mid-way by the fake OpenRouter) and has claimed a reply and a /chat
 * in that thread, which wait for their turn (nothing of them shown yet; the /chat acknowledged with
 * "thinking…"); the other two received both too and lost the claims. X is killed with SIGKILL. Exactly
 * one survivor finishes the cut answer ("interrupted", no Stop button, kept in the history), and the
 * reply and the /chat are each taken over by exactly one survivor and answered once (the /chat through
 * its interaction token, in its "thinking…" message).
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

/** The same event (MESSAGE_CREATE, INTERACTION_CREATE), now delivered to the other sessions. */
function deliverToOthers(t: string, id: string, first: GatewaySession) {
  const sent = discord.gateway.dispatched.findLast((e) => e.t === t && (e.d as { id?: string }).id === id);
  if (!sent) throw new Error(`${t} ${id} was never dispatched`);
  for (const s of sessions.filter((x) => x !== first)) {
    discord.gateway.onlyTo = s;
    discord.gateway.dispatch(t, sent.d);
  }
  discord.gateway.onlyTo = undefined;
}

async function fail(err: unknown): Promise<never> {
  throw new Error(`${String(err)}\n${fleet.outputs()}`);
}

describe('kill -9 of the instance that streams and has claimed', () => {
  it('one survivor finishes the cut answer, one each answers the claimed reply and /chat; nothing twice', async () => {
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
      deliverToOthers('MESSAGE_CREATE', reply.id, x);
      // and a /chat there: acknowledged ("thinking…") by the victim, waiting for the same turn
      discord.gateway.onlyTo = x;
      const slash = discord.slashCommand({
        name: 'chat',
        channelId: thread.id,
        options: [{ name: 'prompt', type: 3, value: 'slash while waiting' }],
      });
      discord.gateway.onlyTo = undefined;
      await discord.waitFor(() =>
        discord.requests.some(
          (r) => r.path.includes(`/interactions/${slash.id}/`) && r.path.endsWith('/callback'),
        ),
      );
      deliverToOthers('INTERACTION_CREATE', slash.id, x);
      for (const s of survivors)
        for (const event of [`message:${reply.id}`, `interaction:${slash.id}`])
          await s.until(`"event":"${event}","msg":"event claimed by another instance"`);
      await victim.stop('SIGKILL');

      await fleet.untilTotal('interrupted answer finished', 1, 90_000).catch(fail);
      const fixed = await discord.waitFor(() =>
        discord
          .messages(thread.id)
          .find((m) => m.id === frozen.id && m.content.includes('(interrupted by a restart)')),
      );
      expect(fixed.content).toContain('The first half of the answer.');
      expect(JSON.stringify(fixed.components)).not.toContain('stop:');

      await fleet.untilTotal('event taken over from a gone instance', 2, 90_000).catch(fail);
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
      const original = await discord
        .waitFor(
          () =>
            discord
              .messages(thread.id)
              .find((m) => m.interactionId === slash.id && m.content.includes('Echo: slash while waiting')),
          90_000,
        )
        .catch(fail);
      expect(original.id).not.toBe(frozen.id);
      // all turns of the thread are in the history, each answer right after its question, the cut one first
      const key = `discord:thread:${thread.id}`;
      const conversations = createConversationStore(store);
      await discord.waitFor(async () => ((await conversations.get(key))?.turns.length ?? 0) >= 6, 30_000);
      expect(await Promise.all(survivors.map((s) => s.stop('SIGTERM')))).toEqual([0, 0]);
      const turns = (await conversations.get(key))?.turns ?? [];
      const shown = turns.map((t) => [t.role, t.status, turnText(t).slice(0, 14)]);
      expect(shown.slice(0, 2)).toEqual([
        ['user', 'complete', 'tell me someth'],
        ['assistant', 'interrupted', 'The first half'],
      ]);
      const pairs = (p: unknown[][]) => [p.slice(0, 2), p.slice(2, 4)].map((x) => JSON.stringify(x)).sort();
      expect(pairs(shown.slice(2))).toEqual(
        pairs([
          ['user', 'complete', 'and then what '],
          ['assistant', 'complete', 'Echo: and then'],
          ['user', 'complete', 'slash while wa'],
          ['assistant', 'complete', 'Echo: slash wh'],
        ]),
      );
    } finally {
      await store.close();
    }
    // exactly once each: one finisher, one taker per event, one answer each, three upstream calls, one thread
    expect(total('interrupted answer finished')).toBe(1);
    expect(total('event taken over from a gone instance')).toBe(2);
    expect(total('answering a command a gone instance acknowledged')).toBe(1);
    for (const text of ['Echo: and then what happened', 'Echo: slash while waiting'])
      expect(discord.messages(thread.id).filter((m) => m.content.includes(text))).toHaveLength(1);
    expect(openrouter.count('/chat/completions')).toBe(3);
    expect(discord.threads()).toHaveLength(1);
    expect(discord.requests.filter((r) => r.code === 40060)).toHaveLength(0);
  }, 180_000);
});
