/** The chat request fast path may only accept what the zod schema accepts, and as the schema gives it back. */
import { describe, expect, it } from 'vitest';
import { isPlainChatRequest } from '../../../src/openrouter/chat-request-fast-path.js';
import { chatRequestSchema } from '../../../src/openrouter/schemas/chat.js';

/** What the chat service sends for a text conversation (src/chat/request.ts). */
const common = {
  model: 'm/x',
  models: ['m/x', 'm/y'],
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'why?' },
    { role: 'assistant', content: 'Because.' },
    { role: 'user', content: 'and then?' },
  ],
  user: 'u1',
  stream: true,
};
const samples: Array<Record<string, unknown>> = [
  common,
  { messages: [{ role: 'user', content: 'hi' }] },
  { ...common, models: undefined, session_id: 's'.repeat(256) },
  { ...common, messages: [{ role: 'developer', content: 'x', name: 'n' }] },
  { ...common, messages: [] },
  { ...common, messages: undefined },
  { ...common, messages: {} },
  { ...common, messages: [null] },
  { ...common, messages: [{ role: 'tool', content: 'x' }] },
  { ...common, messages: [{ role: 'tool', content: 'x', tool_call_id: 'c' }] },
  { ...common, messages: [{ role: 'user', content: 5 }] },
  { ...common, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] },
  { ...common, messages: [{ role: 'user', content: 'x', name: 3 }] },
  { ...common, messages: [{ role: 'assistant', content: null }] },
  { ...common, messages: [{ role: 'assistant', content: 'x', tool_calls: [] }] },
  { ...common, model: '' },
  { ...common, model: 7 },
  { ...common, models: ['m/x', ''] },
  { ...common, models: 'm/x' },
  { ...common, stream: 'yes' },
  { ...common, user: 4 },
  { ...common, session_id: 's'.repeat(257) },
  { ...common, temperature: 3 },
  { ...common, temperature: 1 },
  { ...common, provider: { zdr: true } },
  { ...common, plugins: [{ id: 'web' }] },
  { ...common, reasoning: { effort: 'high' } },
  { ...common, max_tokens: -1 },
];

describe('isPlainChatRequest', () => {
  it.each(samples.map((s) => [JSON.stringify(s), s]))('%s: accepted only as zod accepts it', (_, sample) => {
    if (!isPlainChatRequest(sample)) return;
    const parsed = chatRequestSchema.safeParse(sample);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(sample);
  });

  it('accepts the common text request (the point of the fast path)', () => {
    expect(isPlainChatRequest(common)).toBe(true);
    expect(isPlainChatRequest(samples[1])).toBe(true);
  });

  it('leaves everything else to zod: images, tools, sampling options, provider rules, plugins', () => {
    for (const i of [11, 14, 22, 23, 24, 25, 26]) expect(isPlainChatRequest(samples[i])).toBe(false);
  });
});
