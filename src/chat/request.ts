/** Turns a conversation into the request body of each back end (chat, messages, responses). */
import type { ContentPart, Turn } from '../conversations/types.js';
import type { ChatRequest } from '../openrouter/schemas/chat.js';
import type { MessagesRequest } from '../openrouter/schemas/messages.js';
import type { ResponsesRequest } from '../openrouter/schemas/responses.js';

export type ReasoningEffort = 'high' | 'medium' | 'low' | 'minimal' | 'none';

export interface AskSpec {
  model: string;
  fallbacks: string[];
  systemPrompt: string;
  turns: Turn[];
  reasoning?: ReasoningEffort;
  web: boolean;
  maxTokens: number;
  userId: string;
}

const CUT_NOTE = '\n\n[This answer was cut off before it finished.]';

function text(turn: Turn): string {
  const body = turn.parts
    .filter((p) => p.type === 'text')
    .map((p) => p.text)
    .join('\n');
  return turn.status === 'complete' ? body : body + CUT_NOTE;
}

function hasImages(turn: Turn) {
  return turn.parts.some((p) => p.type === 'image');
}

type Sendable = { type: 'text'; text: string } | { type: 'image'; url: string };

/** A reference left in a turn (images are put in by request-images.ts) is named, never fetched here. */
function sendable(parts: ContentPart[]): Sendable[] {
  return parts.map((p) => (p.type === 'image-ref' ? { type: 'text', text: `[image ${p.name}]` } : p));
}

function chatPart(p: Sendable) {
  return p.type === 'text'
    ? { type: 'text' as const, text: p.text }
    : { type: 'image_url' as const, image_url: { url: p.url } };
}

export function chatBody(s: AskSpec): ChatRequest {
  const body: ChatRequest = {
    model: s.model,
    messages: [
      { role: 'system', content: s.systemPrompt },
      ...s.turns.map((t) =>
        t.role === 'user'
          ? { role: 'user' as const, content: hasImages(t) ? sendable(t.parts).map(chatPart) : text(t) }
          : { role: 'assistant' as const, content: text(t) },
      ),
    ],
    user: s.userId,
  };
  if (s.fallbacks.length > 0) body.models = [s.model, ...s.fallbacks];
  if (s.reasoning) body.reasoning = { effort: s.reasoning };
  if (s.web) body.plugins = [{ id: 'web' }];
  return body;
}

function dataUrlParts(url: string): { mediaType: string; data: string } | undefined {
  const m = /^data:([^;]+);base64,(.*)$/s.exec(url);
  return m ? { mediaType: m[1] as string, data: m[2] as string } : undefined;
}

export function messagesBody(s: AskSpec): MessagesRequest {
  const body: MessagesRequest = {
    model: s.model,
    max_tokens: s.maxTokens,
    system: s.systemPrompt,
    messages: s.turns.map((t) => {
      if (t.role === 'assistant' || !hasImages(t)) return { role: t.role, content: text(t) };
      return {
        role: 'user' as const,
        content: sendable(t.parts).map((p) => {
          if (p.type === 'text') return { type: 'text', text: p.text };
          const data = dataUrlParts(p.url);
          return data
            ? { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.data } }
            : { type: 'image', source: { type: 'url', url: p.url } };
        }),
      };
    }),
  };
  if (s.fallbacks.length > 0) (body as Record<string, unknown>).models = [s.model, ...s.fallbacks];
  if (s.reasoning && s.reasoning !== 'none')
    (body as Record<string, unknown>).reasoning = { effort: s.reasoning };
  if (s.web) (body as Record<string, unknown>).plugins = [{ id: 'web' }];
  return body;
}

export function responsesBody(s: AskSpec): ResponsesRequest {
  const body: ResponsesRequest = {
    model: s.model,
    instructions: s.systemPrompt,
    input: s.turns.map((t) =>
      t.role === 'user'
        ? {
            type: 'message',
            role: 'user',
            content: sendable(t.parts).map((p) =>
              p.type === 'text'
                ? { type: 'input_text', text: p.text }
                : { type: 'input_image', image_url: p.url, detail: 'auto' },
            ),
          }
        : { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: text(t) }] },
    ),
  };
  if (s.fallbacks.length > 0) body.models = [s.model, ...s.fallbacks];
  if (s.reasoning) body.reasoning = { effort: s.reasoning };
  if (s.web) (body as Record<string, unknown>).plugins = [{ id: 'web' }];
  return body;
}
