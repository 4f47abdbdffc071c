/**
 * The answer journal and the recovery pass over the memory store and a recording surface: writes
 * land in order with the latest state winning, a finished answer leaves nothing behind, and with
 * several instances (Redis) only entries no one refreshed lately are taken.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createAnswerJournal } from '../../src/chat/answer-journal.js';
import { recoverInterrupted } from '../../src/chat/answer-recovery.js';
import { createConversationStore } from '../../src/conversations/conversation-store.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { createSqliteStore, SQLITE_FILE_NAME } from '../../src/state/sqlite-store.js';
import { createSurfaces } from '../../src/surface/surface-factories.js';
import { createFakeSurface } from '../fakes/surface.js';
import { countRows } from './state/sqlite-rows.js';

const logger = pino({ level: 'silent' });

function setUp(clock: { t: number }, instanceId?: string, shared = createMemoryStore()) {
  const store = shared;
  const journal = createAnswerJournal(store, {
    logger,
    now: () => clock.t,
    ...(instanceId ? { instanceId } : {}),
  });
  const conversations = createConversationStore(store);
  const surface = createFakeSurface({ platform: 'discord' });
  const surfaces = createSurfaces();
  surfaces.register('discord', async () => surface);
  const client = {
    getGeneration: async (id: string) =>
      ({
        data: { id, total_cost: 0.0012, tokens_prompt: 10, tokens_completion: 5, model: 'm/x' },
        meta: {},
      }) as never,
  };
  const deps = { journal, conversations, surfaces, client, logger, lookupDelaysMs: [0], now: () => clock.t };
  return { store, journal, conversations, surface, deps };
}

async function askedAndCut(s: ReturnType<typeof setUp>, id: string, at: number) {
  await s.conversations.update('k', () => ({
    key: 'k',
    ownerId: 'u',
    platform: 'discord',
    channelId: 'c',
    createdAt: at,
    turns: [{ role: 'user', parts: [{ type: 'text', text: 'why?' }], status: 'complete', at }],
  }));
  const ref = await s.surface.post({ text: '…', buttons: [{ action: 'stop', value: 'x', label: 'Stop' }] });
  const handle = s.journal.begin({
    id,
    conversationKey: 'k',
    questionAt: at,
    userId: 'u',
    location: { platform: 'discord', channelId: 'c' },
    model: 'm/x',
    startedAt: at,
  });
  handle.progress({ text: 'Because', messages: [ref], native: false });
  handle.progress({ text: 'Because of the weather', messages: [ref], native: false }, 'gen-1');
  return { handle, ref };
}

describe('answer journal and recovery', () => {
  it('keeps the latest state, and recovers it: text + note, no buttons, interrupted turn with its cost', async () => {
    const clock = { t: 1_000 };
    const s = setUp(clock);
    await askedAndCut(s, 'a1', 1_000);
    await expect.poll(async () => (await s.journal.entries())[0]?.text).toBe('Because of the weather');
    expect(await recoverInterrupted(s.deps, 'all')).toBe(1);
    const shown = s.surface.messages[0]?.current;
    expect(shown?.text).toBe('Because of the weather\n\n_(interrupted by a restart)_');
    expect(shown?.buttons).toEqual([]);
    expect(shown?.footer).toContain('gen-1');
    const turns = (await s.conversations.get('k'))?.turns;
    expect(turns?.map((t) => [t.role, t.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'interrupted'],
    ]);
    expect(turns?.[1]?.usage?.cost).toBe(0.0012);
    expect(await s.journal.entries()).toEqual([]);
    expect(await recoverInterrupted(s.deps, 'all')).toBe(0); // nothing twice
  });

  it('a finished answer leaves no entry', async () => {
    const s = setUp({ t: 1_000 });
    const { handle } = await askedAndCut(s, 'a2', 1_000);
    await handle.end();
    expect(await s.journal.entries()).toEqual([]);
  });

  it("on the SQLite file, a finished answer's entry is cleared with the next batch, not by a commit of its own", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-journal-'));
    const store = await createSqliteStore({ dataDir, commitIntervalMs: 60_000 });
    const inFile = () => countRows(path.join(dataDir, SQLITE_FILE_NAME), 'switchboard:answers-in-flight:');
    try {
      const s = setUp({ t: 1_000 }, undefined, store);
      const { handle } = await askedAndCut(s, 'a9', 1_000);
      const other = store.namespace('kept');
      await other.set('anchor', 1); // committed once the batches before it are: the entry is in the file
      expect(await inFile()).toBe(1);
      await handle.end(); // the answer is stored by now: this process forgets the entry at once …
      expect(await inFile()).toBe(1); // … and the file with the next batch
      await other.set('next', 1); // a durable write takes the removal along
      expect(await inFile()).toBe(0);
      expect(await s.journal.entries()).toEqual([]);
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('an answer stored just before the crash (its entry not yet cleared) is left as it is, cost not counted again', async () => {
    const clock = { t: 1_000 };
    const s = setUp(clock);
    await askedAndCut(s, 'a3', 1_000);
    await expect.poll(async () => (await s.journal.entries())[0]?.text).toBe('Because of the weather');
    const final = 'Because of the weather, and that is all.';
    await s.conversations.update('k', (c) => ({
      ...(c as NonNullable<typeof c>),
      turns: [
        ...(c?.turns ?? []),
        { role: 'assistant', parts: [{ type: 'text', text: final }], status: 'complete', at: 1_500 },
      ],
    }));
    await s.surface.edit(s.surface.messages[0]?.ref as never, { text: final, buttons: [] });
    const settled: unknown[] = [];
    const deps = { ...s.deps, recorder: { settle: async (...args: unknown[]) => void settled.push(args) } };
    expect(await recoverInterrupted(deps, 'all')).toBe(0);
    expect(s.surface.messages[0]?.current.text).toBe(final);
    expect((await s.conversations.get('k'))?.turns.map((t) => [t.role, t.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(settled).toEqual([]);
    expect(await s.journal.entries()).toEqual([]);
  });

  it('with several instances, takes only entries not refreshed for the stale time', async () => {
    const clock = { t: 1_000 };
    const s = setUp(clock);
    await askedAndCut(s, 'a3', 1_000);
    await expect.poll(async () => (await s.journal.entries())[0]?.text).toBe('Because of the weather');
    clock.t = 60_000;
    expect(await recoverInterrupted(s.deps, { staleAfterMs: 90_000 })).toBe(0); // may still be streaming elsewhere
    clock.t = 100_000;
    expect(await recoverInterrupted(s.deps, { staleAfterMs: 90_000 })).toBe(1);
  });

  it('with several instances, takes the entries of gone instances only, each on one instance', async () => {
    const clock = { t: 1_000 };
    const store = createMemoryStore();
    const dead = setUp(clock, 'instance-a', store);
    await askedAndCut(dead, 'a4', 1_000);
    await expect.poll(async () => (await dead.journal.entries())[0]?.instanceId).toBe('instance-a');
    const alive = new Set(['instance-a', 'b', 'c']);
    const presence = { isAlive: async (id: string) => alive.has(id) };
    // survivors b and c share the store (and the surface the answer is on)
    const survivor = (id: string) => ({
      ...dead.deps,
      journal: createAnswerJournal(store, { logger, instanceId: id }),
      presence,
      claims: store.atomic.claims,
    });
    const take = { staleAfterMs: 90_000 };
    expect(await recoverInterrupted(survivor('b'), take)).toBe(0); // a still streams it
    alive.delete('instance-a');
    const done = await Promise.all([
      recoverInterrupted(survivor('b'), take),
      recoverInterrupted(survivor('c'), take),
    ]);
    expect(done.sort()).toEqual([0, 1]);
    expect(dead.surface.messages[0]?.current.text).toContain('_(interrupted by a restart)_');
    const turns = (await dead.conversations.get('k'))?.turns;
    expect(turns?.map((t) => [t.role, t.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'interrupted'],
    ]);
    expect(await dead.journal.entries()).toEqual([]);
  });

  it('an entry claimed by an instance that then died is taken again once the claim lapsed', async () => {
    const clock = { t: 1_000 };
    const s = setUp(clock, 'gone');
    await askedAndCut(s, 'a5', 1_000);
    await expect.poll(async () => (await s.journal.entries())[0]?.text).toBe('Because of the weather');
    const taken = new Set(['answer-recovery:a5']); // claimed by an instance that died before finishing
    const deps = {
      ...s.deps,
      presence: { isAlive: async () => false },
      claims: { claim: async (key: string) => !taken.has(key) },
    };
    expect(await recoverInterrupted(deps, { staleAfterMs: 90_000 })).toBe(0);
    taken.clear(); // its claim lapsed
    expect(await recoverInterrupted(deps, { staleAfterMs: 90_000 })).toBe(1);
  });
});
