import { describe, expect, it } from 'vitest';
import { type SseEvent, SseParser } from '../../../src/openrouter/sse.js';

const RECORDED = [
  ': OPENROUTER PROCESSING',
  '',
  'data: {"id":"gen-1","choices":[{"delta":{"content":"Héllo 🙂"}}]}',
  '',
  ': OPENROUTER PROCESSING',
  '',
  'event: content_block_delta',
  'data: {"a":1}',
  '',
  'data: line one',
  'data: line two',
  '',
  'data: [DONE]',
  '',
  '',
].join('\n');

const EXPECTED: SseEvent[] = [
  { data: '{"id":"gen-1","choices":[{"delta":{"content":"Héllo 🙂"}}]}' },
  { event: 'content_block_delta', data: '{"a":1}' },
  { data: 'line one\nline two' },
  { data: '[DONE]' },
];

function parseIn(pieces: Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  const out: SseEvent[] = [];
  for (const piece of pieces) out.push(...parser.push(piece));
  out.push(...parser.end());
  return out;
}

describe('SseParser', () => {
  it('parses the recorded stream split at every byte offset (inside UTF-8 characters too)', () => {
    for (const ending of ['\n', '\r\n']) {
      const bytes = new TextEncoder().encode(RECORDED.replaceAll('\n', ending));
      for (let cut = 0; cut <= bytes.length; cut++) {
        const got = parseIn([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(got, `cut at ${cut} with ${JSON.stringify(ending)}`).toEqual(EXPECTED);
      }
    }
  });

  it('parses the stream fed one byte at a time', () => {
    const bytes = new TextEncoder().encode(RECORDED.replaceAll('\n', '\r\n'));
    const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(parseIn(pieces)).toEqual(EXPECTED);
  });

  it('accepts bare CR line ends and a final event without its blank line', () => {
    const bytes = new TextEncoder().encode('data: a\r\rdata: b');
    expect(parseIn([bytes])).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('drops comment-only blocks and events without data', () => {
    const bytes = new TextEncoder().encode(': ping\n\nevent: x\n\nid: 3\n\n');
    expect(parseIn([bytes])).toEqual([]);
  });
});
