/**
 * Server membership is recorded as people use the bot in a server. The policy notes it without waiting:
 * a person's first command must not wait for the store to commit (or, on Redis, for a lock) before its
 * first reply. Here the store's membership writes are held (a slow disk) or fail (a broken one).
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/app/app-services.js';
import { defineCommand } from '../../../src/command-model/command-builders.js';
import { createRegistry } from '../../../src/command-model/command-registry.js';
import { createDispatcher } from '../../../src/dispatch/dispatcher.js';
import { createGovernance } from '../../../src/policy/governance.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import type { Namespace, StateStore } from '../../../src/state/store.js';
import { createFakeSurface } from '../../fakes/surface.js';

/** The real store, with its `membership` writes going through `write` (held or failing). */
function storeWithMembershipWrites(write: (commit: () => Promise<void>) => Promise<void>): StateStore {
  const inner = createMemoryStore();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'namespace') return Reflect.get(target, prop, receiver);
      return (name: string, options?: object) => {
        const ns = target.namespace(name, options);
        if (name !== 'membership') return ns;
        const set: Namespace['set'] = (key, value, ttl) => write(() => ns.set(key, value, ttl));
        return { ...ns, get: ns.get.bind(ns), set };
      };
    },
  });
}

function setup(store: StateStore) {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const gov = createGovernance({ expensivePerHour: 0 }, { store, logger });
  const ran: string[] = [];
  const registry = createRegistry({
    commands: [
      defineCommand({ name: 'paid', description: 'billable', run: async () => void ran.push('paid') }),
    ],
  });
  const dispatcher = createDispatcher({
    registry,
    services: {} as AppServices,
    logger: pino({ level: 'silent' }),
    policy: gov.policy,
  });
  const invocation = {
    platform: 'discord',
    command: 'paid',
    user: { id: 'U1', name: 'Ann', isAdmin: false },
    channelId: 'C1',
    serverId: 'G1',
  };
  const run = () => dispatcher.dispatchCommand(invocation, {}, createFakeSurface());
  return { gov, ran, run, lines };
}

describe('server membership', () => {
  it('a first command runs while its membership write is still pending; the server is recorded once it lands', async () => {
    const held: Array<() => void> = [];
    const store = storeWithMembershipWrites(
      (commit) => new Promise<void>((resolve) => held.push(() => void commit().then(resolve))),
    );
    const { gov, ran, run } = setup(store);
    const first = run();
    // the command runs while the write is held (awaiting the write first would never get here)
    await expect.poll(() => ran).toEqual(['paid']);
    expect(await first).toMatchObject({ ok: true });
    expect(held).toHaveLength(1); // the write was started, and is not what the command waited for
    expect(await gov.membership.serversOf('discord', 'U1')).toEqual([]);
    await run(); // a second command while the first write is pending starts no second write
    expect(held).toHaveLength(1);
    for (const release of held) release();
    await expect.poll(() => gov.membership.serversOf('discord', 'U1')).toEqual(['G1']);
  });

  it('a failed membership write is logged, the command still runs, and the next command tries again', async () => {
    let failing = true;
    let writes = 0;
    const store = storeWithMembershipWrites(async (commit) => {
      writes += 1;
      if (failing) throw new Error('disk full');
      await commit();
    });
    const { gov, ran, run, lines } = setup(store);
    expect(await run()).toMatchObject({ ok: true });
    await expect.poll(() => lines.find((l) => l.msg === 'could not record a server member')).toBeTruthy();
    expect(ran).toEqual(['paid']);
    failing = false;
    await run();
    await expect.poll(() => gov.membership.serversOf('discord', 'U1')).toEqual(['G1']);
    expect(writes).toBe(2);
  });
});
