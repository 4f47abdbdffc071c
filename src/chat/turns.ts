/**
 * How an ask lands in the conversation: the question is stored before the answer streams, the
 * answer after it (marked stopped or failed when cut short; an answer with no text is no turn),
 * and Regenerate replaces the answer after the last question.
 */
import type { Logger } from 'pino';
import { errorCode } from '../common/errors.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { Conversation, Turn } from '../conversations/types.js';
import type { ResultMeta } from '../openrouter/events.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import type { AskInput } from './chat-service.js';

function newConversation(input: AskInput, at: number): Conversation {
  const inv = input.invocation;
  return {
    key: input.key,
    ownerId: inv.user.id,
    platform: inv.platform,
    channelId: inv.channelId,
    createdAt: at,
    turns: [],
    ...(inv.serverId ? { serverId: inv.serverId } : {}),
    ...(inv.threadId ? { threadId: inv.threadId } : {}),
  };
}

export async function storeQuestion(
  conversations: ConversationStore,
  input: AskInput,
  question: Turn,
  modelId: string,
  at: number,
): Promise<void> {
  await conversations.update(input.key, (current) => {
    const base = current ?? newConversation(input, at);
    return {
      ...base,
      turns: [...base.turns, question],
      ...(input.model ? { model: modelId } : {}),
      ...(input.backend ? { backend: input.backend } : {}),
    };
  });
}

export function answerTurn(
  result: { text: string; completed: boolean; stopped: boolean },
  meta: ResultMeta,
  modelId: string,
  at: number,
): Turn {
  return {
    role: 'assistant',
    parts: [{ type: 'text', text: result.text }],
    model: meta.model ?? modelId,
    status: result.completed ? 'complete' : result.stopped ? 'stopped' : 'failed',
    at,
    ...(meta.generationId ? { generationId: meta.generationId } : {}),
    ...(meta.usage ? { usage: meta.usage } : {}),
  };
}

/** Upstream refusals that are about the question itself: sending it again would fail again. */
const QUESTION_REFUSED = new Set([
  'OPENROUTER.BAD_REQUEST',
  'OPENROUTER.INVALID_REQUEST',
  'OPENROUTER.PAYLOAD_TOO_LARGE',
  'OPENROUTER.UNPROCESSABLE',
  'OPENROUTER.MODERATION',
]);

export async function storeAnswer(
  conversations: ConversationStore,
  input: AskInput,
  answer: Turn,
  at: number,
  error?: unknown,
): Promise<void> {
  const refused = QUESTION_REFUSED.has(errorCode(error) ?? '');
  const said = answer.parts.some((p) => (p.type === 'text' && p.text.length > 0) || p.type === 'image-ref')
    ? [answer]
    : [];
  await conversations.update(input.key, (current) => {
    const base = current ?? newConversation(input, at);
    const lastUser = base.turns.findLastIndex((t) => t.role === 'user');
    // a question refused for what it is (bad attachment, too large, moderation) and never answered
    // is kept, marked failed, and left out of later requests: one bad file cannot break the
    // conversation for good. After a passing failure (rate limit, outage) it stays in.
    const turns = base.turns.map((t, i) =>
      i === lastUser ? { ...t, status: said.length === 0 && refused ? 'failed' : 'complete' } : t,
    ) as Turn[];
    if (!input.regenerate) return { ...base, turns: [...turns, ...said] };
    return { ...base, turns: [...turns.slice(0, lastUser + 1), ...said] };
  });
}

/** Reasoning never mixes into the answer: it comes attached as reasoning.txt. */
export async function attachReasoning(
  surface: ReplySurface,
  reasoning: string,
  logger: Logger,
): Promise<void> {
  await surface
    .post({
      text: `-# reasoning (${reasoning.length.toLocaleString('en-US')} characters) attached`,
      files: [{ name: 'reasoning.txt', contentType: 'text/plain', data: Buffer.from(reasoning, 'utf8') }],
    })
    .catch((err: unknown) => logger.warn({ err }, 'could not attach the reasoning'));
}
