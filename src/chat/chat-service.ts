/**
 * The chat use case, shared by /chat, mentions, thread replies and Regenerate: resolve the model,
 * build the turn (with attachments), fit the history, stream the answer to the surface with a Stop
 * button, then store both turns (a cut-short answer is stored marked as such) and show the footer.
 */

import type { Logger } from 'pino';
import type { Attachment, Invocation } from '../command-model/command-types.js';
import { markReported, toUserMessage } from '../common/errors.js';
import { countOf } from '../common/plural.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { ResolvedSettings, SettingsStore } from '../conversations/settings.js';
import type { Backend } from '../conversations/types.js';
import type { GenerationOwners } from '../lookups/generations.js';
import type { ModelCatalogue, ModelInfo } from '../models/catalogue.js';
import type { EventStream } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { Metrics } from '../ops/metrics.js';
import { deliverImages } from '../pictures/answer-images.js';
import type { GeneratedImages } from '../pictures/generated-images.js';
import {
  chatWithImages,
  type ImageConfig,
  type ImageOutput,
  imageOutputFor,
  responsesWithImages,
} from '../pictures/image-output.js';
import { createKeyedLock, type KeyedLock } from '../state/keyed-lock.js';
import type { ActiveStream, ActiveStreams } from '../streaming/active-streams.js';
import type { EditScheduler } from '../streaming/edit-scheduler.js';
import { detailsButton, formatFooter } from '../streaming/footer.js';
import { keepTyping } from '../streaming/keep-typing.js';
import { streamToSurface } from '../streaming/stream-answer.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import type { AnswerJournal, JournalHandle } from './answer-journal.js';
import { type AnswerSide, textOf } from './answer-source.js';
import { refKey } from './attachments.js';
import { fitHistory } from './history.js';
import { createImageSources, type ImageSources } from './image-sources.js';
import { resolveModel } from './model-choice.js';
import { createPreparedCache } from './prepared-cache.js';
import { buildQuestion } from './question.js';
import { type AskSpec, chatBody, messagesBody, type ReasoningEffort, responsesBody } from './request.js';
import { imagesIntoRequest } from './request-images.js';
import { answerTurn, attachReasoning, storeAnswer, storeQuestion } from './turns.js';

export interface ChatConfig {
  defaultModel: string;
  defaultBackend: Backend;
  systemPrompt: string;
  fallbackModels: string[];
  maxAttachmentBytes: number;
  maxTokens: number;
  /** Bytes of prepared (downscaled) images one message / one request may carry. */
  imageBytesPerMessage?: number;
  imageBytesPerRequest?: number;
}

export const DEFAULT_IMAGE_BYTES_PER_MESSAGE = 6 * 1024 * 1024;
export const DEFAULT_IMAGE_BYTES_PER_REQUEST = 12 * 1024 * 1024;
/** Prepared images kept for follow-ups (a request's worth, more or less). */
const PREPARED_CACHE_BYTES = 16 * 1024 * 1024;

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
  /** Where images of earlier turns are fetched again (adapters register their platform). */
  images?: ImageSources;
  /** Where images the model made are checked and kept (by reference in the history). */
  generated?: GeneratedImages;
  metrics?: Metrics;
  /** One answer at a time per conversation (across instances when shared); in-process when omitted. */
  turns?: KeyedLock;
  /** Where streaming answers are kept as they stream, so a crash can be cleaned up after a restart. */
  journal?: AnswerJournal;
  /** Whether answers on this platform can be reached again after a restart (else they are not kept). */
  reachable?: (platform: string) => boolean;
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
  /** The settings that apply here, when the caller already read them (else read once here). */
  settings?: ResolvedSettings;
  /** Image options for image-output models (`image_config`: aspect_ratio, image_size). */
  imageConfig?: ImageConfig;
}

export interface ChatService {
  ask(input: AskInput): Promise<{ completed: boolean; generationId?: string }>;
}

/** Opens the answer's stream, billed to (and governed by the rules of) the invocation it answers. */
function open(
  client: OpenRouterClient,
  backend: Backend,
  spec: AskSpec,
  call: { signal: AbortSignal; invocation: Invocation },
  output?: ImageOutput,
): Promise<EventStream> {
  // the Anthropic-style API cannot answer with images: image models always go through chat
  if (backend === 'messages' && !output) return client.streamMessage(messagesBody(spec), call);
  if (backend === 'responses')
    return client.streamResponse(responsesWithImages(responsesBody(spec), output), call);
  return client.streamChatCompletion(chatWithImages(chatBody(spec), spec.turns, output), call);
}

/** What one answer is asked with, once settings, model and history are settled. */
interface Prepared {
  model: ModelInfo;
  backend: Backend;
  spec: AskSpec;
  /** When the question was stored (a cut answer belongs right after it). */
  questionAt: number;
  /** Image options: this ask's, else the conversation's (set by /imagine). */
  imageConfig?: ImageConfig;
}

/** How the stream went: the text shown, the meta data the events carried, any error. */
interface Streamed {
  result: Awaited<ReturnType<typeof streamToSurface>>;
  side: AnswerSide;
  streamError: unknown;
  recorded: Promise<void> | undefined;
  journal: JournalHandle | undefined;
}

export function createChatService(config: ChatConfig, deps: ChatDeps): ChatService {
  const now = deps.now ?? Date.now;
  // one answer at a time per conversation: a quick follow-up waits for (and sees) the answer before it
  const turns = deps.turns ?? createKeyedLock();
  const images = deps.images ?? createImageSources();
  const preparedCache = createPreparedCache(PREPARED_CACHE_BYTES);
  const imageBytesPerMessage = config.imageBytesPerMessage ?? DEFAULT_IMAGE_BYTES_PER_MESSAGE;
  return {
    ask: (input) => turns.run(input.key, () => answer(input)),
  };

  /** Model, back end, system prompt and the history that fits; the question is stored before answering. */
  async function prepare(input: AskInput, signal: AbortSignal): Promise<Prepared> {
    const inv = input.invocation;
    const where = {
      platform: inv.platform,
      userId: inv.user.id,
      channelId: inv.channelId,
      serverId: inv.serverId,
    };
    const existing = await deps.conversations.get(input.key);
    // user, channel and server settings: read once for this request, then only looked up
    const settings = input.settings ?? (await deps.settings.resolveAll(where));
    const model: ModelInfo = await resolveModel(input.model, existing, settings, config.defaultModel, deps);
    const backend =
      input.backend ?? existing?.backend ?? settings.pick('backend')?.value ?? config.defaultBackend;
    const systemPrompt = settings.pick('systemPrompt')?.value ?? config.systemPrompt;

    const question = await buildQuestion({ ...input, signal }, existing?.turns ?? [], model, {
      maxAttachmentBytes: config.maxAttachmentBytes,
      imageBytesPerMessage,
      at: now(),
    });
    const { userTurn, previous, notes } = question;
    const fitted = fitHistory([...previous, userTurn], {
      systemPrompt,
      ...(model.contextLength ? { contextLength: model.contextLength } : {}),
    });
    if (fitted.dropped > 0)
      notes.push(`${countOf(fitted.dropped, 'older message')} left out to fit ${model.id}'s context`);
    const sent = await imagesIntoRequest(fitted.turns, {
      prepared: question.prepared,
      sources: images,
      budget: {
        perMessage: imageBytesPerMessage,
        perRequest: config.imageBytesPerRequest ?? DEFAULT_IMAGE_BYTES_PER_REQUEST,
        maxDownloadBytes: config.maxAttachmentBytes,
      },
      logger: deps.logger,
      signal,
      cache: preparedCache,
    });
    for (const part of userTurn.parts)
      if (part.type === 'image-ref') preparedCache.set(part.sha256, question.prepared.get(refKey(part)));
    question.prepared.clear();
    notes.push(...sent.notes);
    if (notes.length > 0) await input.surface.post({ text: notes.map((n) => `-# ${n}`).join('\n') });

    // the question is kept before the answer starts: a crash or a quick follow-up never loses it
    if (!input.regenerate) await storeQuestion(deps.conversations, input, userTurn, model.id, now());
    // from here on another instance must not ask it again (it would store the question twice)
    await input.surface.committed?.();
    const spec: AskSpec = {
      model: model.id,
      fallbacks: config.fallbackModels.filter((m) => m !== model.id),
      systemPrompt,
      turns: sent.turns,
      web: input.web ?? false,
      maxTokens: config.maxTokens,
      userId: inv.user.id,
      ...(input.reasoning ? { reasoning: input.reasoning } : {}),
    };
    const imageConfig = input.imageConfig ?? existing?.imageConfig;
    return { model, backend, spec, questionAt: userTurn.at, ...(imageConfig ? { imageConfig } : {}) };
  }

  /** The answer kept as it streams (only where it can be reached again after a restart). */
  function beginJournal(input: AskInput, p: Prepared, streamId: string): JournalHandle | undefined {
    if (!deps.reachable?.(input.surface.location.platform)) return undefined;
    return deps.journal?.begin({
      id: `${streamId}-${now().toString(36)}`,
      conversationKey: input.key,
      questionAt: p.questionAt,
      userId: input.invocation.user.id,
      location: input.surface.location,
      model: p.model.id,
      startedAt: now(),
    });
  }

  /** Who made the generation, recorded for /generation content (failures only logged). */
  function recordOwner(inv: Invocation, id: string | undefined): Promise<void> | undefined {
    if (!id || !deps.generations) return undefined;
    return deps.generations
      .record(id, {
        userId: inv.user.id,
        platform: inv.platform,
        channelId: inv.channelId,
        at: now(),
        ...(inv.serverId ? { serverId: inv.serverId } : {}),
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not record who made the generation'));
  }

  /** Streams the answer to the surface with a Stop button; the footer and buttons come at the end. */
  async function stream(input: AskInput, p: Prepared, active: ActiveStream): Promise<Streamed> {
    const inv = input.invocation;
    const typing = keepTyping(input.surface);
    const out: Streamed = {
      result: { text: '', messages: [], completed: false, stopped: false },
      side: { reasoning: '', meta: {} },
      streamError: undefined,
      recorded: undefined,
      journal: beginJournal(input, p, active.id),
    };
    const { side } = out;
    try {
      const events = await open(
        deps.client,
        p.backend,
        p.spec,
        { signal: active.controller.signal, invocation: inv },
        imageOutputFor(p.model, p.imageConfig),
      ).catch((err: unknown) => {
        out.streamError = err;
        return undefined;
      });
      // the inline images are in the sent body now; this answer's long wait need not keep them
      p.spec.turns = [];
      if (events)
        out.result = await streamToSurface(typing.shown(input.surface), textOf(events, side), {
          scheduler: deps.scheduler,
          signal: active.controller.signal,
          ...(deps.metrics ? { metrics: deps.metrics } : {}),
          buttons: [{ action: 'stop', value: active.id, label: 'Stop', style: 'danger' }],
          onProgress: (progress) => out.journal?.progress(progress, side.meta.generationId),
          finish: ({ completed }) => {
            // recorded before the finished answer (and its Details button) is shown
            out.recorded = recordOwner(inv, side.meta.generationId);
            return {
              footer: formatFooter({
                model: side.meta.model ?? p.model.id,
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
      out.streamError ??= out.result.error;
      if (active.controller.signal.aborted && !events) out.result.stopped = true;
      if (!events && !out.result.stopped) deps.metrics?.answers.inc({ outcome: 'failed' });
    } finally {
      typing.stop();
      await deps.streams.finish(active.id);
    }
    return out;
  }

  /** The answer's pictures, posted under it; their references go into the stored turn. */
  async function postImages(input: AskInput, side: AnswerSide) {
    if (!side.images?.length || !deps.generated) return [];
    const shown = await deliverImages(input.surface, side.images, {
      generated: deps.generated,
      logger: deps.logger,
    }).catch((err: unknown) => {
      deps.logger.warn({ err }, 'could not post the images of an answer');
      return { refs: [], notes: ['the images could not be posted here'] };
    });
    side.images = [];
    if (shown.notes.length > 0)
      await input.surface.post({ text: shown.notes.map((n) => `-# ${n}`).join('\n') }).catch(() => {});
    return shown.refs;
  }

  async function answer(input: AskInput): Promise<{ completed: boolean; generationId?: string }> {
    // registered before the attachments are read, so Stop also cancels a download holding the question
    const inv = input.invocation;
    const active = deps.streams.start({ userId: inv.user.id, channelId: inv.channelId }, input.signal);
    let prepared: Prepared;
    try {
      prepared = await prepare(input, active.controller.signal);
    } catch (err) {
      await deps.streams.finish(active.id);
      throw err;
    }
    const { result, side, streamError, recorded, journal } = await stream(input, prepared, active);
    const modelId = prepared.model.id;
    const reply = answerTurn(result, side.meta, modelId, now());
    reply.parts.push(...(await postImages(input, side)));
    await storeAnswer(deps.conversations, input, reply, now(), streamError);
    await journal?.end();
    await recorded;
    if (side.reasoning.trim()) await attachReasoning(input.surface, side.reasoning, deps.logger);
    // a complete answer is already in the info log ("command done" with its outcome, model, tokens, cost and
    // generation): its own line is for debugging only
    deps.logger[reply.status === 'complete' ? 'debug' : 'info'](
      {
        model: side.meta.model ?? modelId,
        backend: prepared.backend,
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
