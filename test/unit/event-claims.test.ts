import { describe, expect, it } from 'vitest';
import { createEventClaims } from '../../src/dispatch/event-claims.js';
import { createMemoryStore } from '../../src/state/memory-store.js';

describe('event claims', () => {
  it('lets one instance have each event and reports the others as duplicates', async () => {
    const store = createMemoryStore();
    const duplicates: string[] = [];
    const a = createEventClaims(store, { instanceId: 'a', onDuplicate: (kind) => duplicates.push(kind) });
    const b = createEventClaims(store, { instanceId: 'b', onDuplicate: (kind) => duplicates.push(kind) });
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
});
