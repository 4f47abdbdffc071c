import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventInfo } from '../../adapters/slack/conversation.js';
import { createSlackPending, type PendingEvent } from '../../adapters/slack/pending-events.js';
import type { IncomingMessage, MessageReplies } from '../../src/chat/incoming-message.js';
import type { InstancePresence } from '../../src/state/instance-presence.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import type { StateStore } from '../../src/state/store.js';
import { createFakeSurface } from '../fakes/surface.js';

const logger = pino({ level: 'silent' });
let store: StateStore;
const alive = new Set<string>();
const presence = (id: string): InstancePresence => ({
  id,
  isAlive: async (other) => other === id || alive.has(other),
  stop: async () => undefined,
});

beforeEach(() => {
  store = createMemoryStore();
  alive.clear();
});

const info: EventInfo & { eventId: string } = { eventId: 'Ev1', botUserId: 'UBOT' };
const event = { channel: 'C1', user: 'U1', text: '<@UBOT> hi', ts: '1.0' };

function message(claimWon: boolean): IncomingMessage {
  return {
    platform: 'slack',
    channelId: 'C1',
    authorId: 'U1',
    author: () => ({ id: 'U1', name: 'u', isAdmin: false }),
    text: 'hi',
    attachments: [],
    mentioned: true,
    claim: async () => claimWon,
  } as IncomingMessage;
}

function replies(): MessageReplies {
  const here = createFakeSurface({ platform: 'slack' });
  return {
    here,
    openThread: async () => ({ threadId: '1.0', surface: createFakeSurface({ platform: 'slack' }) }),
  };
}

const records = async () => {
  const all: Array<[string, PendingEvent]> = [];
  for await (const e of store.namespace('slack-pending').entries<PendingEvent>()) all.push(e);
  return all;
};

describe('Slack pending events', () => {
  it('records a won claim and removes it at the first visible message', async () => {
    const pending = createSlackPending({}, { store, presence: presence('A'), logger });
    const t = pending.track({ kind: 'app_mention', event, info }, message(true), replies());
    expect(await t.message.claim?.()).toBe(true);
    expect((await records()).map(([id, p]) => [id, p.owner, p.kind])).toEqual([['Ev1', 'A', 'app_mention']]);
    const thread = await t.replies.openThread('t');
    await thread?.surface.post({ text: 'answer' });
    expect(await records()).toEqual([]);
  });

  it('removes the record once the question is stored (committed), and records nothing for a lost claim', async () => {
    const pending = createSlackPending({}, { store, presence: presence('A'), logger });
    const t = pending.track({ kind: 'app_mention', event, info }, message(true), replies());
    await t.message.claim?.();
    await t.replies.here.committed?.();
    expect(await records()).toEqual([]);
    const lost = pending.track({ kind: 'app_mention', event, info }, message(false), replies());
    expect(await lost.message.claim?.()).toBe(false);
    expect(await records()).toEqual([]);
  });

  it('a gone owner’s record is taken over by exactly one survivor, which becomes its owner', async () => {
    const a = createSlackPending({}, { store, presence: presence('A'), logger });
    await a.track({ kind: 'message', event, info }, message(true), replies()).message.claim?.();
    const handled: string[] = [];
    const b = createSlackPending({}, { store, presence: presence('B'), logger });
    const c = createSlackPending({}, { store, presence: presence('C'), logger });
    alive.add('A');
    expect(await b.sweep(async () => void handled.push('B'))).toBe(0);
    alive.delete('A');
    const taken = await Promise.all([
      b.sweep(async () => void handled.push('B')),
      c.sweep(async () => void handled.push('C')),
    ]);
    expect(taken.reduce((n, x) => n + x, 0)).toBe(1);
    expect(handled).toHaveLength(1);
    const [[, record]] = (await records()) as [[string, PendingEvent]];
    expect(record.owner).toBe(handled[0]);
    // the new owner alive: nobody takes it again
    alive.add(handled[0] as string);
    expect(await b.sweep(async () => void handled.push('B'))).toBe(0);
    expect(await c.sweep(async () => void handled.push('C'))).toBe(0);
    expect(handled).toHaveLength(1);
  });

  it('takes at most perSweep records per pass', async () => {
    const a = createSlackPending({}, { store, presence: presence('A'), logger });
    for (let n = 0; n < 5; n++)
      await a
        .track({ kind: 'message', event, info: { eventId: `Ev${n}` } }, message(true), replies())
        .message.claim?.();
    const b = createSlackPending({ perSweep: 2 }, { store, presence: presence('B'), logger });
    expect(await b.sweep(async () => undefined)).toBe(2);
    expect(await b.sweep(async () => undefined)).toBe(2);
    expect(await b.sweep(async () => undefined)).toBe(1);
  });
});
