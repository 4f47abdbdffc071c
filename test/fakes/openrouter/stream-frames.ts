/** SSE frames for the three streaming APIs, split into prelude / content chunks / epilogue. */
import {
  type Answer,
  anthropicUsage,
  chatUsage,
  imageGenerationCall,
  imageItem,
  newId,
  responsesResult,
  responsesUsage,
} from './answers.js';

export type StreamApi = 'chat' | 'messages' | 'responses';

export interface Frames {
  prelude: string[];
  content: string[];
  epilogue: string[];
  /** The frame(s) of a mid-stream error, in this API's dialect. */
  error(message: string, code: number): string[];
}

const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
const named = (event: string, value: unknown) => `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`;
export const KEEPALIVE = ': OPENROUTER PROCESSING\n\n';

export function pieces(text: string, size: number): string[] {
  const chars = Array.from(text); // never split a surrogate pair
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function chatFrames(a: Answer, size: number): Frames {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish: string | null = null) =>
    data({
      id: a.id,
      object: 'chat.completion.chunk',
      created,
      model: a.model,
      provider: a.provider,
      system_fingerprint: 'fp_fake0001',
      choices: [{ index: 0, delta, finish_reason: finish, native_finish_reason: finish, logprobs: null }],
    });
  return {
    prelude: [KEEPALIVE],
    content: [
      ...pieces(a.reasoning, size).map((p) => chunk({ role: 'assistant', content: '', reasoning: p })),
      ...pieces(a.text, size).map((p) => chunk({ role: 'assistant', content: p })),
      // each generated image arrives whole in one delta
      ...a.images.map((url) => chunk({ role: 'assistant', content: '', images: [imageItem(url)] })),
    ],
    epilogue: [
      chunk({ role: 'assistant', content: '' }, a.finishReason),
      data({
        id: a.id,
        object: 'chat.completion.chunk',
        created,
        model: a.model,
        provider: a.provider,
        choices: [],
        usage: chatUsage(a),
      }),
      'data: [DONE]\n\n',
    ],
    error: (message, code) => [
      data({
        id: a.id,
        object: 'chat.completion.chunk',
        created,
        model: a.model,
        provider: a.provider,
        error: { code, message, metadata: { error_type: 'provider_unavailable', provider_name: a.provider } },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      }),
    ],
  };
}

/** A Messages API content block's start and its deltas (its stop is the caller's). */
function contentBlock(index: number, text: string, size: number, kind: 'thinking' | 'text'): string[] {
  return [
    named('content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: kind, [kind]: '' },
    }),
    ...pieces(text, size).map((p) =>
      named('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: `${kind}_delta`, [kind]: p },
      }),
    ),
  ];
}

function messagesFrames(a: Answer, size: number): Frames {
  const usage = anthropicUsage(a);
  const content: string[] = [];
  let index = 0;
  if (a.reasoning) {
    content.push(
      ...contentBlock(index, a.reasoning, size, 'thinking'),
      named('content_block_stop', { type: 'content_block_stop', index }),
    );
    index++;
  }
  content.push(...contentBlock(index, a.text, size, 'text'));
  return {
    prelude: [
      named('message_start', {
        type: 'message_start',
        message: {
          id: newId('msg_'),
          type: 'message',
          role: 'assistant',
          model: a.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
        },
      }),
      named('ping', { type: 'ping' }),
    ],
    content,
    epilogue: [
      named('content_block_stop', { type: 'content_block_stop', index }),
      named('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: a.finishReason === 'length' ? 'max_tokens' : 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens, cost: usage.cost },
      }),
      named('message_stop', { type: 'message_stop' }),
    ],
    error: (message) => [
      named('error', { type: 'error', error: { type: 'api_error', message }, request_id: null }),
    ],
  };
}

function responsesFrames(a: Answer, size: number, body: Record<string, unknown>): Frames {
  let seq = 0;
  const ev = (value: Record<string, unknown>) => data({ ...value, sequence_number: seq++ });
  const full = responsesResult(a, body);
  const base = { ...full, status: 'in_progress', output: [], usage: null, completed_at: null };
  const itemId = newId('msg_');
  return {
    prelude: [
      KEEPALIVE,
      ev({ type: 'response.created', response: base }),
      ev({ type: 'response.in_progress', response: base }),
      ev({
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'message', id: itemId, role: 'assistant', status: 'in_progress', content: [] },
      }),
    ],
    content: [
      ...pieces(a.reasoning, size).map((p) =>
        ev({
          type: 'response.reasoning_text.delta',
          item_id: itemId,
          output_index: 0,
          content_index: 0,
          delta: p,
        }),
      ),
      ...pieces(a.text, size).map((p) =>
        ev({
          type: 'response.output_text.delta',
          item_id: itemId,
          output_index: 0,
          content_index: 0,
          delta: p,
          logprobs: [],
        }),
      ),
    ],
    epilogue: [
      ...a.images.flatMap((url, i) => {
        const item = imageGenerationCall(url);
        const at = { output_index: i + 1, item_id: item.id, sequence: 0 };
        return [
          ev({
            type: 'response.output_item.added',
            output_index: i + 1,
            item: { ...item, status: 'in_progress', result: null },
          }),
          ev({ type: 'response.image_generation_call.in_progress', ...at }),
          ev({ type: 'response.image_generation_call.completed', ...at }),
          ev({ type: 'response.output_item.done', output_index: i + 1, item }),
        ];
      }),
      ev({
        type: 'response.output_text.done',
        item_id: itemId,
        output_index: 0,
        content_index: 0,
        text: a.text,
        logprobs: [],
      }),
      ev({ type: 'response.completed', response: { ...full, usage: responsesUsage(a) } }),
      'data: [DONE]\n\n',
    ],
    error: (message) => [
      ev({
        type: 'response.failed',
        response: { ...base, status: 'failed', error: { code: 'server_error', message } },
      }),
    ],
  };
}

export function framesFor(api: StreamApi, a: Answer, body: Record<string, unknown>): Frames {
  const size = Math.max(1, a.reply.chunkSize ?? 8);
  if (api === 'messages') return messagesFrames(a, size);
  if (api === 'responses') return responsesFrames(a, size, body);
  return chatFrames(a, size);
}
