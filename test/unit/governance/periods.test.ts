import { describe, expect, it } from 'vitest';
import { modelAllowed, parsePatterns } from '../../../src/policy/model-patterns.js';
import {
  describeReset,
  formatDuration,
  periodEnd,
  periodKey,
  periodStart,
  usd,
} from '../../../src/usage/periods.js';

const at = Date.UTC(2025, 1, 28, 21, 30); // 28 Feb 2025, 21:30 UTC

describe('budget periods (UTC)', () => {
  it('keys, starts and ends of days and months, across a month end', () => {
    expect(periodKey('day', at)).toBe('d2025-02-28');
    expect(periodKey('month', at)).toBe('m2025-02');
    expect(periodStart('day', at)).toBe(Date.UTC(2025, 1, 28));
    expect(periodEnd('day', at)).toBe(Date.UTC(2025, 2, 1));
    expect(periodEnd('month', at)).toBe(Date.UTC(2025, 2, 1));
    expect(periodKey('day', periodEnd('day', at))).toBe('d2025-03-01');
    expect(periodKey('month', Date.UTC(2025, 11, 31, 23, 59))).toBe('m2025-12');
    expect(periodEnd('month', Date.UTC(2025, 11, 31, 23, 59))).toBe(Date.UTC(2026, 0, 1));
  });

  it('gives the key of the period asked for, whatever was asked before (back and forth over midnight)', () => {
    const midnight = Date.UTC(2025, 2, 1);
    const asked = [
      midnight - 1,
      midnight,
      midnight - 1,
      midnight + 86_400_000,
      midnight - 86_400_001,
      midnight,
    ];
    expect(asked.map((t) => periodKey('day', t))).toEqual([
      'd2025-02-28',
      'd2025-03-01',
      'd2025-02-28',
      'd2025-03-02',
      'd2025-02-27',
      'd2025-03-01',
    ]);
    expect(asked.map((t) => periodKey('month', t))).toEqual([
      'm2025-02',
      'm2025-03',
      'm2025-02',
      'm2025-03',
      'm2025-02',
      'm2025-03',
    ]);
  });

  it('says when a period resets, rounding up', () => {
    expect(describeReset('day', at)).toBe('00:00 UTC on 2025-03-01 (in 2 h 30 min)');
    expect(formatDuration(61_000)).toBe('2 min');
    expect(formatDuration(500)).toBe('1 s');
    expect(formatDuration(3 * 24 * 3_600_000)).toBe('3 days');
  });

  it('formats dollars, tiny costs included', () => {
    expect(usd(0)).toBe('$0.00');
    expect(usd(1.5)).toBe('$1.50');
    expect(usd(0.0031)).toBe('$0.0031');
    expect(usd(0.000012)).toBe('$0.000012');
  });
});

describe('model allow-list patterns', () => {
  it('matches exact ids, globs and :variants; empty allows all', () => {
    expect(modelAllowed('anything/at-all', [])).toBe(true);
    expect(modelAllowed('openai/gpt-4o-mini', ['openai/*'])).toBe(true);
    expect(modelAllowed('anthropic/claude-sonnet-4', ['openai/*'])).toBe(false);
    expect(modelAllowed('openai/gpt-4o:online', ['openai/gpt-4o'])).toBe(true);
    expect(modelAllowed('openai/gpt-4o-mini', ['openai/gpt-4o'])).toBe(false);
    expect(modelAllowed('meta/llama:free', ['*:free'])).toBe(true);
    expect(modelAllowed('OpenAI/GPT-4o', ['openai/gpt-4o'])).toBe(true);
  });

  it('parses space or comma separated lists without duplicates', () => {
    expect(parsePatterns('openai/*, anthropic/*  openai/*')).toEqual(['openai/*', 'anthropic/*']);
    expect(parsePatterns('  ')).toEqual([]);
  });
});
