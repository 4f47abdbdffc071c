/** Which finished week or month a spend summary covers, at and around the period boundaries (UTC). */
import { describe, expect, it } from 'vitest';
import { lastFinished, nextSummaryAt } from '../../../src/pictures/spend-summary.js';

const at = (iso: string) => Date.parse(iso);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('lastFinished', () => {
  it('a week runs Monday to Sunday; on Monday 00:00 the week just ended is the one summarised', () => {
    const monday = lastFinished('week', at('2026-03-09T00:00:00Z'));
    expect([day(monday.from), day(monday.to), monday.key]).toEqual([
      '2026-03-02',
      '2026-03-09',
      'w2026-03-02',
    ]);
    const sunday = lastFinished('week', at('2026-03-08T23:59:59Z'));
    expect(sunday.key).toBe('w2026-02-23');
    const wednesday = lastFinished('week', at('2026-03-11T12:00:00Z'));
    expect(wednesday.key).toBe('w2026-03-02');
  });

  it('a month is the calendar month before, across a year end', () => {
    const jan = lastFinished('month', at('2027-01-01T00:00:00Z'));
    expect([day(jan.from), day(jan.to), jan.key]).toEqual(['2026-12-01', '2027-01-01', 'm2026-12']);
    expect(lastFinished('month', at('2026-03-31T23:59:59Z')).key).toBe('m2026-02');
  });

  it('names the next summary time', () => {
    expect(day(nextSummaryAt('week', at('2026-03-11T12:00:00Z')))).toBe('2026-03-16');
    expect(day(nextSummaryAt('month', at('2026-12-11T12:00:00Z')))).toBe('2027-01-01');
  });
});
