/** The chat chunk fast path may only accept what the zod schema accepts. */
import { describe, expect, it } from 'vitest';
import { chatChunkSchema } from '../../../src/openrouter/schemas/chat.js';
import { isPlainChatChunk } from '../../../src/openrouter/streams/chat-fast-path.js';

const base = {
  id: 'gen-1',
  model: 'm/x',
  choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }],
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
];

describe('isPlainChatChunk', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('%s: accepted only if zod accepts', (_, sample) => {
    if (isPlainChatChunk(sample)) expect(chatChunkSchema.safeParse(sample).success).toBe(true);
  });

  it('accepts the common text chunk (the point of the fast path)', () => {
    expect(isPlainChatChunk(base)).toBe(true);
  });

  it('leaves tool calls and usage to zod', () => {
    expect(isPlainChatChunk(samples[13] as Record<string, unknown>)).toBe(false);
    expect(isPlainChatChunk(samples[15] as Record<string, unknown>)).toBe(false);
  });
});
