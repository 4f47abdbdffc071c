/**
 * /imagine: checks the model and options before anything is billed, opens a thread, shows a
 * progress message, asks the image model `count` times (chat completions with image output,
 * through the governed client, so budgets, allow-lists and ZDR apply), posts the pictures with
 * model, cost and generation id (Regenerate and Details as under chat answers), and stores the
 * exchange with the pictures by reference, so a reply in the thread can change them.
 */
import type { Logger } from 'pino';
import { attachmentParts } from '../chat/attachments.js';
import type { ImageSources } from '../chat/image-sources.js';
import { chatBody } from '../chat/request.js';
import { imagesIntoRequest } from '../chat/request-images.js';
import { storeAnswer, storeQuestion } from '../chat/turns.js';
import type { Attachment, Invocation } from '../command-model/command-types.js';
import { markReported, toUserMessage } from '../common/errors.js';
import type { ConversationStore } from '../conversations/conversation-store.js';
import { conversationKey } from '../conversations/conversation-store.js';
import type { Conversation, ImageRef, Turn } from '../conversations/types.js';
import type { GenerationOwners } from '../lookups/generations.js';
import type { ModelInfo } from '../models/catalogue.js';
import { type ChatRequest, chatImages, type OpenRouterClient, type Usage } from '../openrouter/index.js';
import { detailsButton, formatFooter } from '../streaming/footer.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import { deriveInvocation } from '../usage/invocation-scope.js';
import { deliverImages } from './answer-images.js';
import type { GeneratedImages } from './generated-images.js';
import type { ImageModels } from './image-models.js';
import { chatWithImages, type ImageConfig, imageOutputFor } from './image-output.js';

export interface ImagineConfig {
  defaultModel: string;
  systemPrompt: string;
  maxAttachmentBytes: number;
  imageBytesPerMessage: number;
  imageBytesPerRequest: number;
}

export interface ImagineDeps {
  client: OpenRouterClient;
  models: ImageModels;
  conversations: ConversationStore;
  generated: GeneratedImages;
  images: ImageSources;
  generations?: Pick<GenerationOwners, 'record'>;
  logger: Logger;
  now?: () => number;
}

export interface ImagineInput {
  invocation: Invocation;
  surface: ReplySurface;
  prompt: string;
  model?: string;
  aspectRatio?: string;
  size?: string;
  count?: number;
  image?: Attachment;
  signal?: AbortSignal;
}

export interface ImagineService {
  readonly defaultModel: string;
  readonly models: ImageModels;
  imagine(input: ImagineInput): Promise<{ images: number; generationIds: string[] }>;
}

const sum = (a: number | undefined, b: number | undefined) =>
  a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);

function addUsage(total: Usage, u: Usage | undefined): Usage {
  if (!u) return total;
  const out: Usage = {};
  for (const k of ['promptTokens', 'completionTokens', 'totalTokens', 'cost'] as const) {
    const v = sum(total[k], u[k]);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** What the conversation helpers need to know about this ask. */
interface Ask {
  key: string;
  invocation: Invocation;
  surface: ReplySurface;
  prompt: string;
  model: string;
}

const titleOf = (prompt: string) => {
  const line = prompt.split('\n')[0]?.trim() ?? '';
  return `🎨 ${line.length > 80 ? `${line.slice(0, 79)}…` : line || 'Picture'}`;
};

export function createImagineService(config: ImagineConfig, deps: ImagineDeps): ImagineService {
  const now = deps.now ?? Date.now;
  return { defaultModel: config.defaultModel, models: deps.models, imagine };

  /** The thread the pictures go to (opened unless already in one) and its conversation key. */
  async function place(input: ImagineInput, count: number) {
    let surface = input.surface;
    let inv = input.invocation;
    if (!inv.threadId && surface.openThread) {
      surface = await surface.openThread(titleOf(input.prompt), {
        text: `**${inv.user.name}** asked for ${count === 1 ? 'a picture' : `${count} pictures`}: ${input.prompt.slice(0, 300)}`,
      });
      if (surface.location.threadId) inv = deriveInvocation(inv, { threadId: surface.location.threadId });
    }
    const key = conversationKey({
      platform: inv.platform,
      channelId: inv.channelId,
      userId: inv.user.id,
      ...(inv.threadId ? { threadId: inv.threadId } : {}),
    });
    return { surface, inv, key };
  }

  /** The question (with the image to change, by reference) stored, and the request body built from it. */
  async function request(input: ImagineInput, model: ModelInfo, ask: Ask): Promise<ChatRequest> {
    const inv = ask.invocation;
    const question = await attachmentParts(input.image ? [input.image] : [], {
      acceptsImages: true,
      model: model.id,
      platform: inv.platform,
      maxBytes: config.maxAttachmentBytes,
      maxTextChars: 0,
      imageBytesPerMessage: config.imageBytesPerMessage,
    });
    if (question.notes.length > 0)
      await ask.surface.post({ text: question.notes.map((n) => `-# ${n}`).join('\n') });
    const userTurn: Turn = {
      role: 'user',
      parts: [{ type: 'text', text: input.prompt }, ...question.parts],
      authorId: inv.user.id,
      authorName: inv.user.name,
      status: 'complete',
      at: now(),
    };
    await storeQuestion(deps.conversations, ask, userTurn, model.id, now());
    const imageConfig: ImageConfig = {
      ...(input.aspectRatio ? { aspect_ratio: input.aspectRatio } : {}),
      ...(input.size ? { image_size: input.size } : {}),
    };
    if (Object.keys(imageConfig).length > 0)
      // the question was just stored, so the conversation exists
      await deps.conversations.update(ask.key, (c) => ({ ...(c as Conversation), imageConfig }));
    const { turns } = await imagesIntoRequest([userTurn], {
      prepared: question.prepared,
      sources: deps.images,
      budget: {
        perMessage: config.imageBytesPerMessage,
        perRequest: config.imageBytesPerRequest,
        maxDownloadBytes: config.maxAttachmentBytes,
      },
      logger: deps.logger,
      signal: input.signal,
    });
    const output = imageOutputFor(model, imageConfig);
    const spec = {
      model: model.id,
      fallbacks: [],
      systemPrompt: config.systemPrompt,
      turns,
      web: false,
      maxTokens: 4_096,
      userId: inv.user.id,
    };
    return chatWithImages(chatBody(spec), turns, output);
  }

  /** `count` billed requests in parallel; what came back, summed. */
  async function generate(body: ChatRequest, count: number, inv: Invocation, signal?: AbortSignal) {
    const settled = await Promise.allSettled(
      Array.from({ length: count }, () =>
        deps.client.chatCompletion(body, { invocation: inv, ...(signal ? { signal } : {}) }),
      ),
    );
    const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const ids = results.flatMap((r) => (r.meta.generationId ? [r.meta.generationId] : []));
    await Promise.all(ids.map((id) => recordOwner(inv, id)));
    return {
      results,
      failure: settled.find((s) => s.status === 'rejected')?.reason as unknown,
      urls: results.flatMap((r) => chatImages(r.data)),
      usage: results.reduce<Usage>((u, r) => addUsage(u, r.meta.usage), {}),
      ids,
      said: results
        .map((r) => r.data.choices[0]?.message.content?.trim() ?? '')
        .filter(Boolean)
        .join('\n\n'),
    };
  }

  function recordOwner(inv: Invocation, id: string) {
    return deps.generations
      ?.record(id, {
        userId: inv.user.id,
        platform: inv.platform,
        channelId: inv.channelId,
        at: now(),
        ...(inv.serverId ? { serverId: inv.serverId } : {}),
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not record who made the generation'));
  }

  async function imagine(input: ImagineInput) {
    const count = Math.min(4, Math.max(1, input.count ?? 1));
    // refused here, before a thread, a progress message or any billable request
    const model = await deps.models.check(input.model ?? config.defaultModel, {
      ...(input.aspectRatio ? { aspectRatio: input.aspectRatio } : {}),
      ...(input.size ? { size: input.size } : {}),
      edit: input.image !== undefined,
    });
    const { surface, inv, key } = await place(input, count);
    const started = now();
    const what = `${count === 1 ? 'one picture' : `${count} pictures`} with ${model.id}`;
    const progress = await surface.post({
      text: `🎨 ${input.image ? 'Changing your image' : 'Painting'}: ${what}…`,
    });
    const ask: Ask = { key, invocation: inv, surface, prompt: input.prompt, model: model.id };
    const got = await generate(await request(input, model, ask), count, inv, input.signal);
    const shown = await deliverImages(surface, got.urls, {
      generated: deps.generated,
      logger: deps.logger,
      prefix: 'picture',
      alt: input.prompt,
      first: {
        text:
          got.said.slice(0, 1500) ||
          `Here ${got.urls.length === 1 ? 'is your picture' : 'are your pictures'}.`,
      },
    });
    // the progress message becomes the summary: footer and buttons live there on every platform
    // (Slack cannot put buttons on a file upload)
    const seconds = ((now() - started) / 1000).toFixed(1);
    await surface
      .edit(progress, {
        text:
          shown.refs.length > 0
            ? `✅ ${shown.refs.length} of ${count} picture${count === 1 ? '' : 's'} in ${seconds} s`
            : `⚠️ No picture came back (${what}).`,
        footer: formatFooter({
          model: got.results[0]?.meta.model ?? model.id,
          usage: got.usage,
          ...(got.ids[0] ? { generationId: got.ids[0] } : {}),
          ...(got.ids.length > 1 ? { note: `+${got.ids.length - 1} more` } : {}),
        }),
        buttons: [
          ...(shown.refs.length > 0 ? [{ action: 'regenerate', value: 'last', label: 'Regenerate' }] : []),
          ...(got.ids[0] ? [detailsButton(got.ids[0])] : []),
        ],
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not finish the progress message'));
    const notes = [
      ...shown.notes,
      ...(got.urls.length === 0 && got.results.length > 0 ? ['the model answered without an image'] : []),
    ];
    if (notes.length > 0) await surface.post({ text: notes.map((n) => `-# ${n}`).join('\n') });
    await remember(ask, model.id, got, shown.refs);
    deps.logger.info(
      { model: model.id, images: shown.refs.length, count, cost: got.usage.cost, generationIds: got.ids },
      'imagine finished',
    );
    if (got.results.length === 0 && got.failure !== undefined) {
      await surface
        .post({ text: `⚠️ ${toUserMessage(got.failure)}` })
        .then(() => markReported(got.failure))
        .catch(() => {});
      throw got.failure;
    }
    return { images: shown.refs.length, generationIds: got.ids };
  }

  /** The answer turn: the model's words and the pictures by reference. */
  async function remember(
    ask: Ask,
    modelId: string,
    got: Awaited<ReturnType<typeof generate>>,
    refs: ImageRef[],
  ): Promise<void> {
    const answer: Turn = {
      role: 'assistant',
      parts: [{ type: 'text', text: got.said }, ...refs],
      model: modelId,
      status: refs.length > 0 ? 'complete' : 'failed',
      at: now(),
      ...(got.ids[0] ? { generationId: got.ids[0] } : {}),
      usage: got.usage,
    };
    const failed = got.results.length === 0 ? got.failure : undefined;
    await storeAnswer(deps.conversations, ask, answer, now(), failed);
  }
}
