import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CEILINGS,
  estimateCost,
  IMAGE_TOKENS,
  inputTokenBound,
} from '../../../src/usage/estimate.js';
import { fromMicros, toMicros } from '../../../src/usage/micro.js';

const mini = { pricing: { prompt: 0.00000015, completion: 0.0000006 }, maxCompletionTokens: 16_384 };
const dear = { pricing: { prompt: 0.000003, completion: 0.000015, request: 0.001 }, contextLength: 200_000 };

describe('micro-dollars', () => {
  it('rounds costs up to whole micro-dollars without float noise', () => {
    expect(toMicros(0.000324)).toBe(324);
    expect(toMicros(0.1 + 0.2)).toBe(300_000);
    expect(toMicros(0.0000001)).toBe(1);
    expect(toMicros(0)).toBe(0);
    expect(toMicros(-1)).toBe(0);
    expect(fromMicros(2_500_000)).toBe(2.5);
  });
});

describe('the reservation estimate', () => {
  it('bounds input tokens by the request bytes, counting inline images at a fixed allowance', () => {
    const text = { messages: [{ role: 'user', content: 'héllo' }] };
    expect(inputTokenBound(text)).toBe(Buffer.byteLength(JSON.stringify(text)));
    const image = {
      messages: [
        { role: 'user', content: [{ image_url: { url: `data:image/png;base64,${'A'.repeat(9000)}` } }] },
      ],
    };
    expect(inputTokenBound(image)).toBeLessThan(200 + IMAGE_TOKENS);
    expect(inputTokenBound(image)).toBeGreaterThanOrEqual(IMAGE_TOKENS);
  });

  it('prices × (input bytes + the request’s max_tokens), else the model’s maximum completion', () => {
    const body = {
      model: 'openai/gpt-4o-mini',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    };
    const input = inputTokenBound(body);
    expect(estimateCost('chat', body, [mini], DEFAULT_CEILINGS)).toEqual({
      micros: toMicros(0.00000015 * input + 0.0000006 * 100),
      basis: 'prices',
    });
    const { max_tokens: _, ...open } = body;
    expect(estimateCost('chat', open, [mini], DEFAULT_CEILINGS).micros).toBe(
      toMicros(0.00000015 * inputTokenBound(open) + 0.0000006 * 16_384),
    );
  });

  it('takes the dearest of the model and its fallbacks, per-request price included', () => {
    const body = { model: 'a', models: ['a', 'b'], max_tokens: 10, messages: [] };
    const input = inputTokenBound(body);
    expect(estimateCost('chat', body, [mini, dear], DEFAULT_CEILINGS).micros).toBe(
      toMicros(0.000003 * input + 0.000015 * 10 + 0.001),
    );
  });

  it('falls back to the per-operation ceiling without prices, and always for speech, transcription, video', () => {
    const body = { model: 'x', messages: [] };
    expect(estimateCost('chat', body, [undefined], DEFAULT_CEILINGS)).toEqual({
      micros: 500_000,
      basis: 'ceiling',
    });
    expect(estimateCost('video', body, [mini], { ...DEFAULT_CEILINGS, video: 3 }).micros).toBe(3_000_000);
    expect(estimateCost('speech', body, [mini], DEFAULT_CEILINGS).micros).toBe(250_000);
  });

  it('never estimates below what the fake would bill for the same call (an upper bound)', () => {
    const body = {
      model: 'openai/gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'x'.repeat(400) }],
    };
    // billed: prompt tokens ≤ bytes, completion ≤ max_tokens
    const billed = 0.00000015 * 400 + 0.0000006 * 50;
    expect(estimateCost('chat', body, [mini], DEFAULT_CEILINGS).micros).toBeGreaterThanOrEqual(
      toMicros(billed),
    );
  });
});
