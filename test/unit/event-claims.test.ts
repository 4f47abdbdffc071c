/**
 * Event claims over one shared memory store standing in for Redis: one instance has each event; the
 * instances that lost it watch it and, when its owner is gone before confirming, exactly one of them
 * takes it over; a confirmed claim is never taken over; the watch list is bounded.
 */
import { describe, expect, it } from 'vitest';
import { confirmingSurface } from '../../src/dispatch/confirming-surface.js';
import { createEventClaims, type EventTicket } from '../../src/dispatch/event-claims.js';
import { createMemoryStore } from '../../src/state/memory-store.js';
import { createFakeSurface } from '../fakes/surface.js';

function fleet(names: string[], options: { maxWatched?: number } = {}) {
  const store = createMemoryStore();
  const alive = new Set(names);
  const takeovers: string[] = [];
  const overflows: string[] = [];
  const claims = Object.fromEntries(
    names.map((id) => [
      id,
      createEventClaims(
        store,
        {
          checkEveryMs: 5,
          ...options,
          onTakeover: (key, from) => takeovers.push(`${id} took ${key} from ${from}`),
          onOverflow: (key) => overflows.push(key),
        },
        { presence: { id, isAlive: async (other) => alive.has(other) } },
      ),
    ]),
  );
  return { store, alive, claims, takeovers, overflows };
}

describe('event claims', () => {
  it('lets one instance have each event and reports the others as duplicates', async () => {
    const store = createMemoryStore();
    const duplicates: string[] = [];
    const presence = (id: string) => ({ presence: { id, isAlive: async () => true } });
    const a = createEventClaims(store, { onDuplicate: (kind) => duplicates.push(kind) }, presence('a'));
    const b = createEventClaims(store, { onDuplicate: (kind) => duplicates.push(kind) }, presence('b'));
    const results = await Promise.all([
      a.claim('message', '1'),
      b.claim('message', '1'),
      a.claim('message', '2'),
    ]);
    expect(results).toEqual([true, false, true]);
    expect(duplicates).toEqual(['message']);
    expect(await b.claim('interaction', '1')).toBe(true);
    await store.close();
  });

  it('an unconfirmed claim whose owner is gone is taken over by exactly one watcher', async () => {
    const f = fleet(['a', 'b', 'c']);
    const retaken: Array<[string, EventTicket]> = [];
    const ticketOn = (id: string) =>
      f.claims[id]!.ticket('message', 'm1', async (t) => {
        retaken.push([id, t]);
      });
    expect(await ticketOn('a').claim()).toBe(true);
    expect(await ticketOn('b').claim()).toBe(false);
    expect(await ticketOn('c').claim()).toBe(false);
    expect(f.claims.b!.watching + f.claims.c!.watching).toBe(2);
    f.alive.delete('a'); // a dies before its answer shows
    await expect.poll(() => retaken.length).toBe(1);
    const [who, held] = retaken[0]!;
    expect(await held.claim()).toBe(true);
    expect(f.takeovers).toEqual([`${who} took message:m1 from a`]);
    // the other watcher keeps watching the new owner until it confirms, then forgets the event
    const other = who === 'b' ? 'c' : 'b';
    await held.confirm();
    await expect.poll(() => f.claims[other]!.watching + f.claims[who]!.watching).toBe(0);
    expect(retaken).toHaveLength(1);
    for (const c of Object.values(f.claims)) c.close();
  });

  it('a claim confirmed before its owner died is never taken over', async () => {
    const f = fleet(['a', 'b']);
    const retaken: string[] = [];
    const a = f.claims.a!.ticket('message', 'm2', async () => void retaken.push('a'));
    expect(await a.claim()).toBe(true);
    expect(await f.claims.b!.ticket('message', 'm2', async () => void retaken.push('b')).claim()).toBe(false);
    await a.confirm();
    f.alive.delete('a');
    await expect.poll(() => f.claims.b!.watching).toBe(0);
    expect(retaken).toEqual([]);
    expect(f.takeovers).toEqual([]);
  });

  it('watches a bounded number of events and says when the list is full', async () => {
    const f = fleet(['a', 'b'], { maxWatched: 2 });
    for (const id of ['1', '2', '3', '4']) {
      await f.claims.a!.ticket('message', id).claim();
      await f.claims.b!.ticket('message', id, async () => {}).claim();
    }
    expect(f.claims.b!.watching).toBe(2);
    expect(f.overflows).toEqual(['message:3']);
    f.claims.b!.close();
    expect(f.claims.b!.watching).toBe(0);
  });

  it('a confirming surface confirms once something is posted, not before', async () => {
    const confirmed: string[] = [];
    const surface = confirmingSurface(createFakeSurface({ platform: 'discord' }), async () => {
      confirmed.push('now');
    });
    await surface.typing?.();
    expect(confirmed).toEqual([]);
    await surface.post({ text: 'hello' });
    expect(confirmed).toEqual(['now']);
  });

  it('a confirming surface confirms once the question is stored, before anything shows', async () => {
    const confirmed: string[] = [];
    const surface = confirmingSurface(createFakeSurface({ platform: 'discord' }), async () => {
      confirmed.push('now');
    });
    await surface.committed?.();
    expect(confirmed).toEqual(['now']);
  });
});
