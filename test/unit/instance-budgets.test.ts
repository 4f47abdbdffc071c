/** Per-bot rate budgets are split between the instances sharing one bot (INSTANCE_COUNT). */
import { describe, expect, it } from 'vitest';
import { discordLimits } from '../../adapters/discord/surface.js';
import { slackLimits } from '../../adapters/slack/surface.js';

describe('budgets split between instances', () => {
  it('gives each of N instances 1/N of the bot-wide edit budget, never less than one edit', () => {
    expect(discordLimits(1_000).botEditBudget).toEqual({ edits: 25, windowMs: 1_000 });
    expect(discordLimits(1_000, 3).botEditBudget).toEqual({ edits: 8, windowMs: 1_000 });
    expect(slackLimits(1_000, 3).botEditBudget).toEqual({ edits: 16, windowMs: 60_000 });
    expect(slackLimits(1_000, 100).botEditBudget?.edits).toBe(1);
  });

  it('keeps the per-channel budget whole (one instance answers a given thread)', () => {
    expect(discordLimits(1_000, 3).channelEditBudget).toEqual(discordLimits(1_000).channelEditBudget);
  });
});
