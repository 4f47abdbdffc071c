/**
 * The chat use case, shared by /chat, mentions, thread replies and Regenerate: resolve the model,
 * build the turn (with attachments), fit the history, stream the answer to the surface with a Stop
 * button, then store both turns (a cut-short answer is stored marked as such) and show the footer.
 */
import type { Logger } from 'pino';
import type { Attachment, Invocation } from '../command-model/command-types.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { SettingsStore } from '../conversations/settings.js';
import type { Backend } from '../conversations/types.js';
import type { GenerationOwners } from '../lookups/generations.js';
import type { ModelCatalogue, ModelInfo } from '../models/catalogue.js';
import type { EventStream } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import { markReported, toUserMessage } from '../shared/errors.js';
import { createKeyedLock, type KeyedLock } from '../state/keyed-lock.js';
import type { ActiveStreams } from '../streaming/active-streams.js';
import type { EditScheduler } from '../streaming/edit-scheduler.js';
import { detailsButton, formatFooter } from '../streaming/footer.js';
import { keepTyping } from '../streaming/keep-typing.js';
import { streamToSurface } from '../streaming/stream-answer.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import { type AnswerSide, textOf } from './answer-source.js';
import { fitHistory } from './history.js';
import { resolveModel } from './model-choice.js';
import { buildQuestion } from './question.js';
import { type AskSpec, chatBody, messagesBody, type ReasoningEffort, responsesBody } from './request.js';
import { answerTurn, attachReasoning, storeAnswer, storeQuestion } from './turns.js';

export interface ChatConfig {
  defaultModel: string;
  defaultBackend: Backend;
  systemPrompt: string;
  fallbackModels: string[];
  maxAttachmentBytes: number;
  maxTokens: number;
}

export interface ChatDeps {
  client: OpenRouterClient;
  conversations: ConversationStore;
  settings: SettingsStore;
  catalogue: ModelCatalogue;
  streams: ActiveStreams;
  scheduler: EditScheduler;
  logger: Logger;
  now?: () => number;
  /** Where each answer's generation id is recorded with who asked (for /generation content). */
  generations?: Pick<GenerationOwners, 'record'>;
  /** One answer at a time per conversation (across instances when shared); in-process when omitted. */
  turns?: KeyedLock;
}

export interface AskInput {
  key: string;
  invocation: Invocation;
  surface: ReplySurface;
  prompt: string;
  attachments?: readonly Attachment[];
  model?: string;
  reasoning?: ReasoningEffort;
  web?: boolean;
  backend?: Backend;
  signal?: AbortSignal;
  /** Re-answer the last user turn instead of adding a new one. */
  regenerate?: boolean;
}

export interface ChatService {
  ask(input: AskInput): Promise<{ completed: boolean; generationId?: string }>;
}

function open(
  client: OpenRouterClient,
  backend: Backend,
  spec: AskSpec,
  signal: AbortSignal,
): Promise<EventStream> {
  if (backend === 'messages') return client.streamMessage(messagesBody(spec), { signal });
  if (backend === 'responses') return client.streamResponse(responsesBody(spec), { signal });
  return client.streamChatCompletion(chatBody(spec), { signal });
}

export function createChatService(config: ChatConfig, deps: ChatDeps): ChatService {
  const now = deps.now ?? Date.now;
  // one answer at a time per conversation: a quick follow-up waits for (and sees) the answer before it
  const turns = deps.turns ?? createKeyedLock();
  return {
    ask: (input) => turns.run(input.key, () => answer(input)),
  };

  async function answer(input: AskInput): Promise<{ completed: boolean; generationId?: string }> {
    {
      const inv = input.invocation;
      const where = {
        platform: inv.platform,
        userId: inv.user.id,
        channelId: inv.channelId,
        serverId: inv.serverId,
      };
      const existing = await deps.conversations.get(input.key);
      const model: ModelInfo = await resolveModel(input.model, existing, where, config.defaultModel, deps);
      const backend =
        input.backend ?? existing?.backend ?? (await deps.settings.resolve('backend', where))?.value;
      const chosenBackend = backend ?? config.defaultBackend;
      const systemPrompt = (await deps.settings.resolve('systemPrompt', where))?.value ?? config.systemPrompt;

      const { userTurn, previous, notes } = await buildQuestion(input, existing?.turns ?? [], model, {
        maxAttachmentBytes: config.maxAttachmentBytes,
        at: now(),
      });
      const fitted = fitHistory([...previous, userTurn], {
        systemPrompt,
        ...(model.contextLength ? { contextLength: model.contextLength } : {}),
      });
      if (fitted.dropped > 0)
        notes.push(`${fitted.dropped} older messages left out to fit ${model.id}'s context`);
      if (notes.length > 0) await input.surface.post({ text: notes.map((n) => `-# ${n}`).join('\n') });

      // the question is kept before the answer starts: a crash or a quick follow-up never loses it
      if (!input.regenerate) await storeQuestion(deps.conversations, input, userTurn, model.id, now());

      const active = deps.streams.start({ userId: inv.user.id, channelId: inv.channelId }, input.signal);
      const typing = keepTyping(input.surface);
      const side: AnswerSide = { reasoning: '', meta: {} };
      const spec: AskSpec = {
        model: model.id,
        fallbacks: config.fallbackModels.filter((m) => m !== model.id),
        systemPrompt,
        turns: fitted.turns,
        web: input.web ?? false,
        maxTokens: config.maxTokens,
        userId: inv.user.id,
        ...(input.reasoning ? { reasoning: input.reasoning } : {}),
      };
      let recorded: Promise<void> | undefined;
      const recordOwner = (id: string | undefined) =>
        id && deps.generations
          ? deps.generations
              .record(id, {
                userId: inv.user.id,
                platform: inv.platform,
                channelId: inv.channelId,
                at: now(),
                ...(inv.serverId ? { serverId: inv.serverId } : {}),
              })
              .catch((err: unknown) => deps.logger.warn({ err }, 'could not record who made the generation'))
          : undefined;
      let streamError: unknown;
      let result: Awaited<ReturnType<typeof streamToSurface>> = {
        text: '',
        messages: [],
        completed: false,
        stopped: false,
      };
      try {
        const stream = await open(deps.client, chosenBackend, spec, active.controller.signal).catch(
          (err: unknown) => {
            streamError = err;
            return undefined;
          },
        );
        if (stream)
          result = await streamToSurface(input.surface, textOf(stream, side), {
            scheduler: deps.scheduler,
            signal: active.controller.signal,
            buttons: [{ action: 'stop', value: active.id, label: 'Stop', style: 'danger' }],
            finish: ({ completed }) => {
              // recorded before the finished answer (and its Details button) is shown
              recorded = recordOwner(side.meta.generationId);
              return {
                footer: formatFooter({
                  model: side.meta.model ?? model.id,
                  ...(side.meta.usage ? { usage: side.meta.usage } : {}),
                  ...(side.meta.generationId ? { generationId: side.meta.generationId } : {}),
                }),
                buttons: [
                  ...(completed ? [{ action: 'regenerate', value: 'last', label: 'Regenerate' }] : []),
                  ...(side.meta.generationId ? [detailsButton(side.meta.generationId)] : []),
                ],
              };
            },
          });
        streamError ??= result.error;
        if (active.controller.signal.aborted && !stream) result.stopped = true;
      } finally {
        typing.stop();
        await deps.streams.finish(active.id);
      }

      const reply = answerTurn(result, side.meta, model.id, now());
      await storeAnswer(deps.conversations, input, reply, now(), streamError);
      await recorded;
      if (side.reasoning.trim()) await attachReasoning(input.surface, side.reasoning, deps.logger);
      deps.logger.info(
        {
          model: side.meta.model ?? model.id,
          backend: chosenBackend,
          generationId: side.meta.generationId,
          tokens: side.meta.usage?.totalTokens,
          cost: side.meta.usage?.cost,
          status: reply.status,
        },
        'answer finished',
      );
      if (streamError !== undefined && !result.stopped) {
        // said where the answer is (the thread), right under the partial text
        await input.surface
          .post({ text: `⚠️ ${toUserMessage(streamError)}` })
          .then(() => markReported(streamError))
          .catch((err: unknown) => deps.logger.warn({ err }, 'could not post the error in the thread'));
        throw streamError;
      }
      return {
        completed: result.completed,
        ...(side.meta.generationId ? { generationId: side.meta.generationId } : {}),
      };
    }
  }
}
