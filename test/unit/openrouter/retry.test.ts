import { describe, expect, it } from 'vitest';
import { connectionError, createApiError, OpenRouterError } from '../../../src/openrouter/errors.js';
import {
  backoffMs,
  MAX_BACKOFF_MS,
  retryAfterMs,
  retryDelayMs,
  shouldRetry,
} from '../../../src/openrouter/retry.js';

describe('retry policy', () => {
  it.each([408, 409, 429, 500, 502, 503, 524, 529])('retries status %i', (status) => {
    expect(shouldRetry(createApiError({ status, body: {} }), 0, 2)).toBe(true);
  });

  it.each([400, 401, 402, 403, 404, 413, 422])('does not retry status %i', (status) => {
    expect(shouldRetry(createApiError({ status, body: {} }), 0, 2)).toBe(false);
  });

  it('retries connection errors, but not past the bound, and never untyped errors', () => {
    expect(shouldRetry(connectionError(new Error('ECONNRESET')), 1, 2)).toBe(true);
    expect(shouldRetry(connectionError(new Error('ECONNRESET')), 2, 2)).toBe(false);
    expect(shouldRetry(new Error('boom'), 0, 2)).toBe(false);
    expect(shouldRetry(new OpenRouterError('OPENROUTER.ABORTED', 'Stopped.'), 0, 2)).toBe(false);
  });

  it('reads retry-after-ms first, then retry-after seconds or HTTP date', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 25 Nov 2026 10:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it('backs off exponentially from 0.5 s to at most 8 s with jitter', () => {
    expect(backoffMs(0, () => 0)).toBe(500);
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(0, () => 1)).toBe(375);
    expect(backoffMs(10, () => 0)).toBe(MAX_BACKOFF_MS);
    for (let attempt = 0; attempt < 8; attempt++) {
      const ms = backoffMs(attempt);
      expect(ms).toBeGreaterThanOrEqual(375);
      expect(ms).toBeLessThanOrEqual(MAX_BACKOFF_MS);
    }
  });

  it('uses the server wait when given and gives up when it is unreasonably long', () => {
    expect(retryDelayMs(0, { 'retry-after': '2' }, () => 0)).toBe(2000);
    expect(retryDelayMs(0, {}, () => 0)).toBe(500);
    expect(retryDelayMs(0, { 'retry-after': '3600' }, () => 0)).toBeUndefined();
  });
});
