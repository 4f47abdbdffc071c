/** What the fake answers: scripted replies, usage and the JSON bodies of non-streamed inference. */
import { randomUUID } from 'node:crypto';

export interface QueuedReply {
  text?: string;
  reasoning?: string;
  /** Characters per streamed chunk (default 8). */
  chunkSize?: number;
  chunkDelayMs?: number;
  usage?: Partial<{ prompt_tokens: number; completion_tokens: number; cost: number }>;
  /** Stream the first chunk, then wait for `releaseHeld()` or the client to disconnect. */
  hold?: boolean;
  finishReason?: string;
  /** Generated images (data URLs, real PNGs made by the test): `message.images`, `delta.images`, Responses `image_generation_call` items. */
  images?: string[];
}

export interface Answer {
  id: string;
  model: string;
  provider: string;
  text: string;
  reasoning: string;
  finishReason: string;
  images: string[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost: number };
  reply: QueuedReply;
}

export function newId(prefix: string): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/** The text of the last user turn in any of the three request shapes. */
export function lastUserText(body: Record<string, unknown>): string {
  const flatten = (content: unknown): string => {
    if (typeof content === 'string') return content;
    if (Array.isArray(content))
      return content
        .map((part) =>
          part && typeof part === 'object' ? String((part as { text?: unknown }).text ?? '') : '',
        )
        .join('');
    return '';
  };
  if (typeof body.input === 'string') return body.input;
  const turns = (
    Array.isArray(body.messages) ? body.messages : Array.isArray(body.input) ? body.input : []
  ) as Array<Record<string, unknown>>;
  const last = [...turns].reverse().find((turn) => turn.role === 'user');
  return last ? flatten(last.content) : '';
}

export function promptChars(body: Record<string, unknown>): number {
  return (
    JSON.stringify(body.messages ?? body.input ?? '').length +
    String(body.system ?? body.instructions ?? '').length
  );
}

export function buildAnswer(body: Record<string, unknown>, reply: QueuedReply | undefined): Answer {
  const r = reply ?? {};
  const text = r.text ?? `Echo: ${lastUserText(body)}`;
  const reasoning = r.reasoning ?? '';
  const prompt = r.usage?.prompt_tokens ?? Math.max(1, Math.ceil(promptChars(body) / 4));
  const completion =
    r.usage?.completion_tokens ?? Math.max(1, Math.ceil((text.length + reasoning.length) / 4));
  const cost = r.usage?.cost ?? Number((prompt * 0.00000015 + completion * 0.0000006).toFixed(10));
  const models = Array.isArray(body.models) ? (body.models as string[]) : [];
  return {
    id: newId('gen-'),
    model: typeof body.model === 'string' ? body.model : (models[0] ?? 'openrouter/auto'),
    provider: 'OpenAI',
    text,
    reasoning,
    finishReason: r.finishReason ?? 'stop',
    images: r.images ?? [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cost },
    reply: r,
  };
}

export function chatUsage(a: Answer) {
  return {
    ...a.usage,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: Math.ceil(a.reasoning.length / 4) },
    is_byok: false,
    cost_details: {
      upstream_inference_cost: null,
      upstream_inference_prompt_cost: 0,
      upstream_inference_completions_cost: 0,
    },
  };
}

export function anthropicUsage(a: Answer) {
  return {
    input_tokens: a.usage.prompt_tokens,
    output_tokens: a.usage.completion_tokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cost: a.usage.cost,
    is_byok: false,
    service_tier: 'standard',
  };
}

export function responsesUsage(a: Answer) {
  return {
    input_tokens: a.usage.prompt_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: a.usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: Math.ceil(a.reasoning.length / 4) },
    total_tokens: a.usage.total_tokens,
    cost: a.usage.cost,
    is_byok: false,
  };
}

const now = () => Math.floor(Date.now() / 1000);

export function chatResult(a: Answer) {
  return {
    id: a.id,
    object: 'chat.completion',
    created: now(),
    model: a.model,
    provider: a.provider,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        logprobs: null,
        finish_reason: a.finishReason,
        native_finish_reason: a.finishReason,
        message: {
          role: 'assistant',
          content: a.text,
          reasoning: a.reasoning || null,
          refusal: null,
          ...(a.images.length > 0 ? { images: a.images.map(imageItem) } : {}),
        },
      },
    ],
    usage: chatUsage(a),
  };
}

/** One entry of ChatAssistantImages. */
export const imageItem = (url: string) => ({ type: 'image_url', image_url: { url } });

/** OutputItemImageGenerationCall: `result` is the bare base64 of the image. */
export const imageGenerationCall = (url: string) => ({
  type: 'image_generation_call',
  id: newId('ig_'),
  status: 'completed',
  result: url.slice(url.indexOf(',') + 1),
});

export function messagesResult(a: Answer) {
  const content: object[] = [];
  if (a.reasoning) content.push({ type: 'thinking', thinking: a.reasoning, signature: 'sig' });
  content.push({ type: 'text', text: a.text, citations: null });
  return {
    id: newId('msg_'),
    type: 'message',
    role: 'assistant',
    model: a.model,
    content,
    stop_reason: a.finishReason === 'length' ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage: anthropicUsage(a),
    provider: a.provider,
  };
}

export function responsesResult(a: Answer, body: Record<string, unknown>) {
  const output: object[] = [];
  if (a.reasoning)
    output.push({
      type: 'reasoning',
      id: newId('rs_'),
      summary: [],
      content: [{ type: 'reasoning_text', text: a.reasoning }],
    });
  output.push({
    type: 'message',
    id: newId('msg_'),
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: a.text, annotations: [], logprobs: [] }],
  });
  output.push(...a.images.map(imageGenerationCall));
  return {
    id: newId('resp_'),
    object: 'response',
    created_at: now(),
    completed_at: now(),
    status: a.finishReason === 'length' ? 'incomplete' : 'completed',
    model: a.model,
    output,
    output_text: a.text,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    metadata: {},
    tools: [],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    temperature: null,
    top_p: null,
    frequency_penalty: null,
    presence_penalty: null,
    usage: responsesUsage(a),
  };
}
