/** The chat chunk fast path may only accept what the zod schema accepts. */
import { describe, expect, it } from 'vitest';
import { chatChunkSchema } from '../../../src/openrouter/schemas/chat.js';
import { isPlainChatChunk } from '../../../src/openrouter/streams/chat-fast-path.js';

const base = {
  id: 'gen-1',
  model: 'm/x',
  choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
};
/** The usage chunk as OpenRouter sends it (and the fake: test/fakes/openrouter/answers.ts). */
const plainUsage = {
  prompt_tokens: 10,
  completion_tokens: 5,
  total_tokens: 15,
  cost: 0.0001,
  is_byok: false,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
  cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0 },
};
const samples: Array<Record<string, unknown>> = [
  base,
  { ...base, provider: 'OpenAI', system_fingerprint: 'fp', created: 1 },
  { id: 'gen-1', choices: [] },
  { id: 'gen-1' },
  { id: 'gen-1', choices: [{ delta: { reasoning: 'think', content: null } }] },
  { id: 'gen-1', choices: [{ finish_reason: 'stop' }] },
  { id: 7, choices: [] },
  { id: 'gen-1', model: null },
  { id: 'gen-1', choices: {} },
  { id: 'gen-1', choices: [null] },
  { id: 'gen-1', choices: [{ index: '0' }] },
  { id: 'gen-1', choices: [{ delta: [] }] },
  { id: 'gen-1', choices: [{ delta: { content: 5 } }] },
  { id: 'gen-1', choices: [{ delta: { tool_calls: [{ index: 0, id: 'c1' }] } }] },
  { id: 'gen-1', choices: [{ finish_reason: 3 }] },
  { id: 'gen-1', choices: [], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } },
  { id: 'gen-1', choices: [], usage: null },
  { id: 'gen-1', choices: [], usage: plainUsage },
  {
    id: 'gen-1',
    choices: [],
    usage: { ...plainUsage, completion_tokens: undefined, cost: null, cost_details: null },
  },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, prompt_tokens: '3' } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, total_tokens: undefined } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, completion_tokens: null } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, cost: '0.1' } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, is_byok: 'no' } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, prompt_tokens_details: { cached_tokens: '1' } } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, prompt_tokens_details: [] } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, completion_tokens_details: 4 } },
  { id: 'gen-1', choices: [], usage: { ...plainUsage, cost_details: { upstream_inference_cost: 'x' } } },
  { id: 'gen-1', choices: [], usage: [] },
  { id: 'gen-1', choices: [], usage: 'none' },
];

describe('isPlainChatChunk', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('%s: accepted only if zod accepts', (_, sample) => {
    if (isPlainChatChunk(sample)) expect(chatChunkSchema.safeParse(sample).success).toBe(true);
  });

  it('accepts the common text chunk (the point of the fast path)', () => {
    expect(isPlainChatChunk(base)).toBe(true);
  });

  it('accepts the usual usage chunk at the end of a stream (one zod parse fewer per answer)', () => {
    expect(isPlainChatChunk({ id: 'gen-1', choices: [], usage: plainUsage })).toBe(true);
    expect(isPlainChatChunk(samples[15] as Record<string, unknown>)).toBe(true);
  });

  it('leaves tool calls and unusual usage to zod', () => {
    expect(isPlainChatChunk(samples[13] as Record<string, unknown>)).toBe(false);
    for (const usage of [{ ...plainUsage, prompt_tokens: '3' }, { ...plainUsage, cost: '0.1' }, []])
      expect(isPlainChatChunk({ id: 'gen-1', choices: [], usage })).toBe(false);
  });
});
