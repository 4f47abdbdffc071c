import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createSpendCounters } from '../../../src/usage/spend.js';
import { migrateSpendCounters } from '../../../src/usage/spend-migration.js';

describe('carrying old spend counters over', () => {
  it('moves this day’s and month’s USD floats into micro-dollar counters once; the user counter sums servers', async () => {
    const store = createMemoryStore();
    const now = Date.UTC(2030, 0, 15, 12);
    const old = store.namespace('spend');
    await old.set('discord:G1:user:U1:d2030-01-15', 0.25);
    await old.set('discord:G2:user:U1:d2030-01-15', 0.1);
    await old.set('discord:G1:server:G1:m2030-01', 1.5);
    await old.set('discord:dm:channel:D9:m2030-01', 0.000324);
    await old.set('discord:G1:user:U1:d2030-01-14', 9); // yesterday: not carried
    const logger = pino({ level: 'silent' });
    expect(await migrateSpendCounters(store, logger, now)).toBe(4);
    expect(await migrateSpendCounters(store, logger, now)).toBe(0);
    const spend = createSpendCounters(store);
    const u1 = { platform: 'discord', serverId: 'G1', channelId: 'C1', userId: 'U1' };
    expect(await spend.getMicros(u1, 'user', 'day', now)).toBe(350_000);
    expect(await spend.getMicros(u1, 'server', 'month', now)).toBe(1_500_000);
    expect(
      await spend.getMicros({ platform: 'discord', channelId: 'D9', userId: 'U1' }, 'channel', 'month', now),
    ).toBe(324);
  });
});
