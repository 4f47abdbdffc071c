/** The dispatcher during shutdown and its policy counters. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../../src/app/app-services.js';
import { defineCommand } from '../../../src/command-model/command-builders.js';
import { createRegistry } from '../../../src/command-model/command-registry.js';
import type { Invocation } from '../../../src/command-model/command-types.js';
import { PolicyError } from '../../../src/common/errors.js';
import { createDispatcher } from '../../../src/dispatch/dispatcher.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { createWorkGate } from '../../../src/ops/work-gate.js';
import { createFakeSurface } from '../../fakes/surface.js';

const inv: Invocation = {
  platform: 'slack',
  command: 'chat',
  user: { id: 'U1', name: 'Ann', isAdmin: false },
  channelId: 'C1',
};

function setup(policyCode?: `POLICY.${string}`) {
  const ran: string[] = [];
  const registry = createRegistry({
    commands: [defineCommand({ name: 'chat', description: 'chat', run: async () => void ran.push('chat') })],
  });
  const gate = createWorkGate();
  const metrics = createMetrics({ processMetrics: false });
  const dispatcher = createDispatcher({
    registry,
    services: {} as AppServices,
    logger: pino({ level: 'silent' }),
    gate,
    metrics,
    ...(policyCode
      ? {
          policy: async () => {
            throw new PolicyError(policyCode, 'no');
          },
        }
      : {}),
  });
  return { ran, gate, metrics, dispatcher };
}

describe('dispatcher and the work gate', () => {
  it('runs work while the gate is open and counts it as running', async () => {
    const { ran, gate, dispatcher } = setup();
    const out = await dispatcher.dispatchCommand(inv, {}, createFakeSurface());
    expect(out.ok).toBe(true);
    expect(ran).toEqual(['chat']);
    expect(gate.running).toBe(0);
  });

  it('refuses new work once the gate is closed, with a message', async () => {
    const { ran, gate, dispatcher } = setup();
    gate.close();
    const surface = createFakeSurface();
    const out = await dispatcher.dispatchCommand(inv, {}, surface);
    expect(out.code).toBe('APP.RESTARTING');
    expect(ran).toEqual([]);
    expect(surface.visibleText()).toContain('The bot is restarting');
    expect(gate.running).toBe(0);
  });

  it('counts policy refusals by code, and our rate limit as rate-limited', async () => {
    for (const code of ['POLICY.BUDGET_EXCEEDED', 'POLICY.RATE_LIMITED'] as const) {
      const { metrics, dispatcher } = setup(code);
      await dispatcher.dispatchCommand(inv, {}, createFakeSurface());
      const text = await metrics.registry.metrics();
      expect(text).toContain(`switchboard_policy_refusals_total{code="${code}"} 1`);
      expect(text.includes('switchboard_rate_limited_total{source="ours"} 1')).toBe(
        code === 'POLICY.RATE_LIMITED',
      );
    }
  });
});
