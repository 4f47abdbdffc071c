/**
 * One conversation on two real bot processes sharing one Redis: two messages in one thread handled
 * by two instances at once are answered in turn (the second answer sees the first), and Stop pressed
 * on instance B stops an answer streaming on instance A (button and /stop).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewaySession } from '../fakes/discord/gateway.js';
import type { FakeDiscord, StoredMessage } from '../fakes/discord.js';
import type { FakeOpenRouter } from '../fakes/openrouter.js';
import type { RedisFixture } from '../helpers/redis.js';
import { closeDiscordFleet, startDiscordFleet } from './discord-fleet.js';
import type { BotFleet } from './instances-harness.js';

const KEY = 'sk-or-v1-several-turns-0123456789abcdef';
let redis: RedisFixture;
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
let fleet: BotFleet;
let a: GatewaySession;
let b: GatewaySession;

beforeAll(async () => {
  let sessions: GatewaySession[];
  ({ redis, openrouter, discord, fleet, sessions } = await startDiscordFleet({
    key: KEY,
    instances: ['a', 'b'],
    waitMs: 30_000,
    env: {
      STREAM_EDIT_INTERVAL_MS: '200',
    },
  }));
  [a, b] = [sessions[0]!, sessions[1]!];
}, 90_000);

afterAll(() => closeDiscordFleet({ fleet, discord, openrouter, redis }));

type Turn = { role: string; content: unknown };
const chatBodies = () =>
  openrouter.requests
    .filter((r) => r.path === '/chat/completions')
    .map((r) => (r.body as { messages: Turn[] }).messages);
const text = (turn: Turn) => (typeof turn.content === 'string' ? turn.content : JSON.stringify(turn.content));
const finished = (m: StoredMessage) =>
  m.content.includes('Echo: ') && !JSON.stringify(m.components).includes('stop:');

/** Answers finished (stored) by all instances, from their logs. */
const finishedAnswers = () => fleet.bots.reduce((n, bot) => n + bot.count('answer finished'), 0);

/** Sends `content` so that only `session`'s instance gets it. */
async function sendVia(session: GatewaySession, p: Parameters<FakeDiscord['sendMessage']>[0]) {
  discord.gateway.onlyTo = session;
  try {
    return await discord.sendMessage(p);
  } finally {
    discord.gateway.onlyTo = undefined;
  }
}

async function startThread(prompt: string) {
  await discord.sendMessage({ content: prompt, mentionsBot: true });
  const thread = await discord.waitFor(() => discord.threads().find((t) => t.name?.includes(prompt)));
  await discord.waitFor(() => discord.messages(thread.id).find(finished));
  return thread;
}

describe('one conversation on two instances', () => {
  it('answers two messages sent at once to two instances in turn, both turns stored in order', async () => {
    const answers = finishedAnswers();
    const thread = await startThread('turn taking');
    const before = chatBodies().length;
    openrouter.queueReply({ text: 'first answer, held', hold: true });
    await sendVia(a, { channelId: thread.id, content: 'question one' });
    await sendVia(b, { channelId: thread.id, content: 'question two' });
    await openrouter.waitForRequest((r) => r.path === '/chat/completions' && chatBodies().length > before);
    // while the first answer streams, the other instance waits for the conversation's turn
    const held = chatBodies()[before]!;
    const firstQuestion = text(held.at(-1)!);
    openrouter.releaseHeld();
    await discord.waitFor(() => chatBodies().length === before + 2);
    const second = chatBodies()[before + 1]!;
    const roles = second.map((t) => `${t.role}:${text(t).slice(0, 40)}`);
    const at = roles.findIndex((r) => r.includes(firstQuestion));
    expect(at).toBeGreaterThan(0);
    expect(roles[at + 1]).toMatch(/^assistant:first answer, held/);
    expect(text(second.at(-1)!)).not.toBe(firstQuestion);
    expect(['question one', 'question two']).toContain(firstQuestion);
    expect(['question one', 'question two']).toContain(text(second.at(-1)!));

    // a third question sees all four turns, in the order they were answered
    const answered = (m: StoredMessage) =>
      m.author.id === discord.botUserId &&
      m.content !== '' &&
      !JSON.stringify(m.components).includes('stop:');
    await discord.waitFor(() => discord.messages(thread.id).filter(answered).length >= 3);
    await discord.sendMessage({ channelId: thread.id, content: 'question three' });
    await discord.waitFor(() => chatBodies().length === before + 3);
    const third = chatBodies()[before + 2]!.map((t) => `${t.role}:${text(t).slice(0, 30)}`);
    const tail = third.slice(-5);
    expect(tail[0]).toBe(`user:${firstQuestion}`);
    expect(tail[1]).toMatch(/^assistant:first answer, held/);
    expect(tail[2]).toBe(`user:${text(second.at(-1)!)}`);
    expect(tail[3]).toMatch(/^assistant:Echo: question/);
    expect(tail[4]).toBe('user:question three');
    // all four answers stored before the next test counts what is streaming
    await fleet.untilTotal('answer finished', answers + 4, 30_000);
  }, 60_000);

  it('Stop on instance B stops an answer streaming on instance A', async () => {
    const answers = finishedAnswers();
    openrouter.queueReply({ text: 'x'.repeat(400), chunkSize: 10, hold: true });
    await sendVia(a, { content: 'stream on a', mentionsBot: true });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => t.name?.includes('stream on a')),
    );
    const streaming = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => JSON.stringify(m.components).includes('stop:')),
    );
    const closed = openrouter.waitForClientClose(10_000);
    const stopId = /"custom_id":"(stop:[^"]+)"/.exec(JSON.stringify(streaming.components))?.[1] as string;
    discord.gateway.onlyTo = b;
    discord.buttonClick({ customId: stopId, messageId: streaming.id, channelId: thread.id });
    discord.gateway.onlyTo = undefined;
    await closed;
    const final = await discord.waitFor(() => {
      const m = discord.messages(thread.id).find((x) => x.id === streaming.id);
      return m?.content.includes('(stopped)') ? m : undefined;
    });
    expect(JSON.stringify(final.components)).not.toContain('stop:');
    // the stopped answer is stored and its stream forgotten before the next test counts streams
    await fleet.untilTotal('answer finished', answers + 1, 30_000);
  }, 30_000);

  it('/stop on instance B stops an answer streaming on instance A', async () => {
    openrouter.queueReply({ text: 'y'.repeat(400), chunkSize: 10, hold: true });
    await sendVia(a, { content: 'second stream on a', mentionsBot: true });
    const thread = await discord.waitFor(() =>
      discord.threads().find((t) => t.name?.includes('second stream on a')),
    );
    await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => JSON.stringify(m.components).includes('stop:')),
    );
    const closed = openrouter.waitForClientClose(10_000);
    discord.gateway.onlyTo = b;
    const h = discord.slashCommand({ name: 'stop', channelId: thread.id });
    discord.gateway.onlyTo = undefined;
    await closed;
    const reply = await discord.waitFor(() =>
      discord.messages(thread.id).find((m) => m.interactionId === h.id && m.content.includes('Stopped')),
    );
    expect(reply.content).toContain('Stopped 1 answer');
  }, 30_000);
});
