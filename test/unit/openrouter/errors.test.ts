import { describe, expect, it } from 'vitest';
import { toUserMessage } from '../../../src/common/errors.js';
import { createApiError, createStreamError, parseErrorEnvelope } from '../../../src/openrouter/errors.js';

const envelope = (code: number, message: string, metadata?: object) => ({
  error: { code, message, metadata },
});

describe('error factory', () => {
  it.each([
    [400, 'OPENROUTER.BAD_REQUEST', false],
    [401, 'OPENROUTER.UNAUTHORIZED', false],
    [402, 'OPENROUTER.INSUFFICIENT_CREDITS', false],
    [403, 'OPENROUTER.MODERATION', false],
    [404, 'OPENROUTER.NOT_FOUND', false],
    [408, 'OPENROUTER.TIMEOUT', true],
    [413, 'OPENROUTER.PAYLOAD_TOO_LARGE', false],
    [422, 'OPENROUTER.UNPROCESSABLE', false],
    [429, 'OPENROUTER.RATE_LIMITED', true],
    [500, 'OPENROUTER.SERVER_ERROR', true],
    [502, 'OPENROUTER.PROVIDER_ERROR', true],
    [503, 'OPENROUTER.UNAVAILABLE', true],
    [524, 'OPENROUTER.PROVIDER_TIMEOUT', true],
    [529, 'OPENROUTER.OVERLOADED', true],
  ] as const)('maps %i to %s', (status, code, retryable) => {
    const err = createApiError({
      status,
      body: envelope(status, 'upstream said no'),
      requestId: 'req-1',
      generationId: 'gen-9',
    });
    expect(err.code).toBe(code);
    expect(err.status).toBe(status);
    expect(err.retryable).toBe(retryable);
    expect(err.requestId).toBe('req-1');
    expect(err.generationId).toBe('gen-9');
    expect(err.upstreamMessage).toBe('upstream said no');
    expect(toUserMessage(err).length).toBeGreaterThan(10);
  });

  it('tells the user what to do about credits', () => {
    expect(createApiError({ status: 402, body: envelope(402, 'Insufficient credits') }).userMessage).toMatch(
      /credits/,
    );
  });

  it('names moderation reasons and the provider', () => {
    const err = createApiError({
      status: 403,
      body: envelope(403, 'flagged', {
        reasons: ['violence'],
        flagged_input: 'x...y',
        provider_name: 'OpenAI',
      }),
    });
    expect(err.userMessage).toContain('violence');
    expect(err.userMessage).toContain('OpenAI');
    expect(err.metadata?.flagged_input).toBe('x...y');
  });

  it('reads the Anthropic envelope used by /messages', () => {
    const body = {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: 'req_abc',
    };
    expect(parseErrorEnvelope(body)).toMatchObject({
      status: 529,
      message: 'Overloaded',
      requestId: 'req_abc',
    });
    const err = createApiError({ status: 529, body });
    expect(err).toMatchObject({ code: 'OPENROUTER.OVERLOADED', requestId: 'req_abc' });
  });

  it('reads availability errors that carry http_status and error_type instead of code', () => {
    const body = { error: { http_status: 404, error_type: 'no_endpoints', message: 'No endpoints found' } };
    expect(parseErrorEnvelope(body)).toMatchObject({ status: 404, metadata: { error_type: 'no_endpoints' } });
    expect(createApiError({ status: 404, body }).userMessage).toContain('No endpoints found');
  });

  it('copes with non-JSON error bodies and unknown statuses', () => {
    expect(createApiError({ status: 418, body: '<html>teapot</html>' }).code).toBe('OPENROUTER.BAD_REQUEST');
    expect(createApiError({ status: 599, body: null })).toMatchObject({
      code: 'OPENROUTER.SERVER_ERROR',
      retryable: true,
    });
  });

  it('builds a stream error that keeps the upstream message', () => {
    const err = createStreamError(envelope(502, 'Provider disconnected', { provider_name: 'Groq' }), {
      generationId: 'gen-2',
    });
    expect(err.code).toBe('OPENROUTER.STREAM_ERROR');
    expect(err.userMessage).toContain('Groq');
    expect(err.userMessage).toContain('kept');
    expect(err.generationId).toBe('gen-2');
  });
});
