/**
 * The governance policy through the real dispatcher: budgets (refused before the command runs,
 * reset at the period end by an injected clock), permissions by role / user / group, channel lists,
 * the model allow-list, the expensive-command rate limit, and an audit entry for every refusal.
 */

import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/app/app-services.js';
import { defineButton, defineCommand, opt } from '../../../src/command-model/command-builders.js';
import { createRegistry } from '../../../src/command-model/command-registry.js';
import type { Invocation, Invoker } from '../../../src/command-model/command-types.js';
import { InputError } from '../../../src/common/errors.js';
import { createDispatcher } from '../../../src/dispatch/dispatcher.js';
import { createGovernance, type TeamGovernance } from '../../../src/policy/governance.js';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createFakeSurface } from '../../fakes/surface.js';

let clock: number;
let gov: TeamGovernance;
let ran: string[];
const where = { platform: 'discord', serverId: 'G1' };

const registry = createRegistry({
  commands: [
    defineCommand({
      name: 'paid',
      description: 'a billable command',
      options: { model: opt.string({ description: 'model' }) },
      run: async () => void ran.push('paid'),
    }),
    defineCommand({
      name: 'say',
      description: 'expensive',
      cost: 'expensive',
      run: async () => void ran.push('say'),
    }),
    defineCommand({
      name: 'say-badly',
      description: 'expensive, and refuses its input',
      cost: 'expensive',
      run: async () => {
        throw new InputError('INPUT.NOTHING_TO_READ', 'That message has no text to read aloud.');
      },
    }),
    defineCommand({
      name: 'look',
      description: 'free',
      cost: 'free',
      run: async () => void ran.push('look'),
    }),
  ],
  buttons: [defineButton({ action: 'again', permission: 'paid', run: async () => void ran.push('again') })],
});

function setup(perHour = 10) {
  clock = Date.UTC(2025, 2, 14, 22, 0);
  ran = [];
  gov = createGovernance(
    { expensivePerHour: perHour },
    { store: createMemoryStore(), logger: pino({ level: 'silent' }), now: () => clock },
  );
  return createDispatcher({
    registry,
    services: {} as AppServices,
    logger: pino({ level: 'silent' }),
    policy: gov.policy,
    onRefused: gov.onRefused,
  });
}

const user = (patch: Partial<Invoker> = {}): Invoker => ({ id: 'U1', name: 'Ann', isAdmin: false, ...patch });
const inv = (command: string, patch: Partial<Invocation> = {}): Invocation => ({
  platform: 'discord',
  command,
  user: user(),
  channelId: 'C1',
  serverId: 'G1',
  ...patch,
});

async function run(d: ReturnType<typeof setup>, command: string, patch: Partial<Invocation> = {}, raw = {}) {
  const surface = createFakeSurface();
  const outcome = await d.dispatchCommand(inv(command, patch), raw, surface);
  return { outcome, text: surface.visibleText() };
}

const spend = (cost: number, patch: Partial<{ userId: string; channelId: string }> = {}) =>
  gov.ledger.record({
    platform: 'discord',
    serverId: 'G1',
    channelId: 'C1',
    userId: 'U1',
    command: 'paid',
    kind: 'chat',
    cost,
    costKnown: true,
    ...patch,
  });

describe('budgets', () => {
  let d: ReturnType<typeof setup>;
  beforeEach(() => {
    d = setup();
  });

  it('refuses a billable command once the daily limit is used up, saying which, what is left and when it resets', async () => {
    await gov.settings.update(where, (g) => ({ ...g, budgets: { ...g.budgets, user: { day: 0.5 } } }));
    await spend(0.3);
    expect((await run(d, 'paid')).outcome.ok).toBe(true);
    await spend(0.25);
    const refused = await run(d, 'paid');
    expect(refused.outcome).toMatchObject({ ok: false, code: 'POLICY.BUDGET_EXCEEDED' });
    expect(refused.text).toContain('Your daily budget of $0.50 is used up ($0.55 spent, $0.00 left)');
    expect(refused.text).toContain('resets at 00:00 UTC on 2025-03-15 (in 2 h)');
    expect(ran).toEqual(['paid']);
    expect((await run(d, 'look')).outcome.ok).toBe(true); // free commands are never blocked by budgets
    const [audit] = await gov.audit.recent(where);
    expect(audit).toMatchObject({
      kind: 'refused',
      code: 'POLICY.BUDGET_EXCEEDED',
      userId: 'U1',
      command: 'paid',
    });
  });

  it('starts again at the period end, while the monthly limit keeps counting', async () => {
    await gov.settings.update(where, (g) => ({
      ...g,
      budgets: { ...g.budgets, user: { day: 0.5, month: 0.8 } },
    }));
    await spend(0.5);
    expect((await run(d, 'paid')).outcome.code).toBe('POLICY.BUDGET_EXCEEDED');
    clock = Date.UTC(2025, 2, 15, 0, 0); // midnight UTC
    expect((await run(d, 'paid')).outcome.ok).toBe(true);
    await spend(0.3);
    const monthly = await run(d, 'paid');
    expect(monthly.text).toContain('Your monthly budget of $0.80 is used up');
    expect(monthly.text).toContain('2025-04-01');
    clock = Date.UTC(2025, 3, 1, 0, 0);
    expect((await run(d, 'paid')).outcome.ok).toBe(true);
  });

  it('applies named-user, channel and server limits, each to its own spend', async () => {
    await gov.settings.update(where, (g) => ({
      ...g,
      budgets: {
        user: { day: 10 },
        users: { U2: { day: 0.1 } },
        channels: { C2: { day: 1 } },
        server: { month: 5 },
      },
    }));
    await spend(0.2, { userId: 'U2', channelId: 'C3' });
    expect((await run(d, 'paid', { user: user({ id: 'U2' }), channelId: 'C1' })).outcome.code).toBe(
      'POLICY.BUDGET_EXCEEDED',
    );
    expect((await run(d, 'paid')).outcome.ok).toBe(true);
    await spend(1, { userId: 'U3', channelId: 'C2' });
    const channel = await run(d, 'paid', { channelId: 'C2' });
    expect(channel.text).toContain('This channel’s daily budget of $1.00');
    await spend(4, { userId: 'U4', channelId: 'C9' });
    expect((await run(d, 'paid')).text).toContain('This server’s monthly budget of $5.00');
  });
});

describe('permissions, channels and models', () => {
  let d: ReturnType<typeof setup>;
  beforeEach(() => {
    d = setup();
  });

  it('lets only listed roles and users (and admins) use a command, its buttons included', async () => {
    await gov.settings.update(where, (g) => ({ ...g, permits: { paid: ['R1', 'U9'] } }));
    const denied = await run(d, 'paid');
    expect(denied.outcome.code).toBe('POLICY.NOT_PERMITTED');
    expect(denied.text).toMatch(
      /Only some people may use `paid`.*Ask an admin to add you with `\u2063?\/config permit`/,
    );
    expect((await run(d, 'paid', { user: user({ roles: ['R0', 'R1'] }) })).outcome.ok).toBe(true);
    expect((await run(d, 'paid', { user: user({ id: 'U9' }) })).outcome.ok).toBe(true);
    expect((await run(d, 'paid', { user: user({ isAdmin: true }) })).outcome.ok).toBe(true);
    const button = await d.dispatchButton(inv('button'), 'again:x', createFakeSurface());
    expect(button.code).toBe('POLICY.NOT_PERMITTED');
    expect(ran).toEqual(['paid', 'paid', 'paid']);
  });

  it('asks for Slack user groups only when a rule needs them', async () => {
    let asked = 0;
    const groups = async () => {
      asked += 1;
      return ['S1'];
    };
    expect((await run(d, 'paid', { user: user({ groups }) })).outcome.ok).toBe(true);
    expect(asked).toBe(0);
    await gov.settings.update(where, (g) => ({ ...g, permits: { paid: ['S1'] } }));
    expect((await run(d, 'paid', { user: user({ groups }) })).outcome.ok).toBe(true);
    expect(asked).toBe(1);
  });

  it('keeps to the channel allow or deny list, except for admins', async () => {
    await gov.settings.update(where, (g) => ({ ...g, channels: { mode: 'allow', ids: ['C2'] } }));
    const off = await run(d, 'look');
    expect(off.outcome.code).toBe('POLICY.CHANNEL_NOT_ALLOWED');
    expect(off.text).toContain('<#C2>');
    expect((await run(d, 'look', { channelId: 'C2' })).outcome.ok).toBe(true);
    expect((await run(d, 'look', { user: user({ isAdmin: true }) })).outcome.ok).toBe(true);
    await gov.settings.update(where, (g) => ({ ...g, channels: { mode: 'deny', ids: ['C1'] } }));
    expect((await run(d, 'paid')).outcome.code).toBe('POLICY.CHANNEL_DENIED');
  });

  it('refuses an explicit model outside the allow-list', async () => {
    await gov.settings.update(where, (g) => ({ ...g, models: ['openai/*'] }));
    const refused = await run(d, 'paid', {}, { model: 'anthropic/claude-sonnet-4' });
    expect(refused.outcome.code).toBe('POLICY.MODEL_NOT_ALLOWED');
    expect(refused.text).toContain('`openai/*`');
    expect((await run(d, 'paid', {}, { model: 'openai/gpt-4o-mini' })).outcome.ok).toBe(true);
  });
});

describe('rate limit of expensive commands', () => {
  it('allows N per rolling hour per user and says when to try again', async () => {
    const d = setup(2);
    expect((await run(d, 'say')).outcome.ok).toBe(true);
    clock += 10 * 60_000;
    expect((await run(d, 'say')).outcome.ok).toBe(true);
    const third = await run(d, 'say');
    expect(third.outcome.code).toBe('POLICY.RATE_LIMITED');
    expect(third.text).toContain('Try again in 50 min');
    expect((await run(d, 'say', { user: user({ id: 'U2' }) })).outcome.ok).toBe(true); // per user
    expect((await run(d, 'paid')).outcome.ok).toBe(true); // billable, not expensive
    clock += 50 * 60_000;
    expect((await run(d, 'say')).outcome.ok).toBe(true);
  });

  it('gives the slot back when the command fails on bad input', async () => {
    const d = setup(1);
    for (let i = 0; i < 3; i++) {
      const failed = await run(d, 'say-badly');
      expect(failed.outcome.code).toBe('INPUT.NOTHING_TO_READ');
      expect(failed.text).toContain('no text to read aloud');
    }
    expect((await run(d, 'say')).outcome.ok).toBe(true); // the one slot is still there
    expect((await run(d, 'say')).outcome.code).toBe('POLICY.RATE_LIMITED');
  });
});
