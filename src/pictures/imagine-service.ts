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
import type { ConversationStore } from '../conversations/conversation-store.js';
import { conversationKey } from '../conversations/conversation-store.js';
import type { Turn } from '../conversations/types.js';
import type { GenerationOwners } from '../lookups/generations.js';
import { chatImages, type OpenRouterClient, type Usage } from '../openrouter/index.js';
import { markReported, toUserMessage } from '../shared/errors.js';
import { detailsButton, formatFooter } from '../streaming/footer.js';
import type { ReplySurface } from '../surface/reply-surface.js';
import { deliverImages } from './answer-images.js';
import type { GeneratedImages } from './generated-images.js';
import type { ImageModels } from './image-models.js';
import { chatWithImages, imageOutputFor } from './image-output.js';

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

const titleOf = (prompt: string) => {
  const line = prompt.split('\n')[0]?.trim() ?? '';
  return `🎨 ${line.length > 80 ? `${line.slice(0, 79)}…` : line || 'Picture'}`;
};

export function createImagineService(config: ImagineConfig, deps: ImagineDeps): ImagineService {
  const now = deps.now ?? Date.now;
  return { defaultModel: config.defaultModel, models: deps.models, imagine };

  async function imagine(input: ImagineInput) {
    const count = Math.min(4, Math.max(1, input.count ?? 1));
    const modelId = input.model ?? config.defaultModel;
    // refused here, before a thread, a progress message or any billable request
    const model = await deps.models.check(modelId, {
      ...(input.aspectRatio ? { aspectRatio: input.aspectRatio } : {}),
      ...(input.size ? { size: input.size } : {}),
      edit: input.image !== undefined,
    });
    let surface = input.surface;
    let inv = input.invocation;
    if (!inv.threadId && surface.openThread) {
      surface = await surface.openThread(titleOf(input.prompt), {
        text: `**${inv.user.name}** asked for ${count === 1 ? 'a picture' : `${count} pictures`}: ${input.prompt.slice(0, 300)}`,
      });
      if (surface.location.threadId) inv = { ...inv, threadId: surface.location.threadId };
    }
    const key = conversationKey({
      platform: inv.platform,
      channelId: inv.channelId,
      userId: inv.user.id,
      ...(inv.threadId ? { threadId: inv.threadId } : {}),
    });
    const started = now();
    const what = `${count === 1 ? 'one picture' : `${count} pictures`} with ${model.id}`;
    const progress = await surface.post({
      text: `🎨 ${input.image ? 'Changing your image' : 'Painting'}: ${what}…`,
    });

    const ask = { key, invocation: inv, surface, prompt: input.prompt, model: model.id };
    const question = await attachmentParts(input.image ? [input.image] : [], {
      acceptsImages: true,
      model: model.id,
      platform: inv.platform,
      maxBytes: config.maxAttachmentBytes,
      maxTextChars: 0,
      imageBytesPerMessage: config.imageBytesPerMessage,
    });
    if (input.image && !question.parts.some((p) => p.type === 'image-ref'))
      await surface.post({ text: question.notes.map((n) => `-# ${n}`).join('\n') });
    const userTurn: Turn = {
      role: 'user',
      parts: [{ type: 'text', text: input.prompt }, ...question.parts],
      authorId: inv.user.id,
      authorName: inv.user.name,
      status: 'complete',
      at: now(),
    };
    await storeQuestion(deps.conversations, ask, userTurn, model.id, now());
    const withImages = await imagesIntoRequest([userTurn], {
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
    const output = imageOutputFor(model, {
      ...(input.aspectRatio ? { aspect_ratio: input.aspectRatio } : {}),
      ...(input.size ? { image_size: input.size } : {}),
    });
    const body = chatWithImages(
      chatBody({
        model: model.id,
        fallbacks: [],
        systemPrompt: config.systemPrompt,
        turns: withImages.turns,
        web: false,
        maxTokens: 4_096,
        userId: inv.user.id,
      }),
      withImages.turns,
      output,
    );

    const settled = await Promise.allSettled(
      Array.from({ length: count }, () =>
        deps.client.chatCompletion(body, input.signal ? { signal: input.signal } : {}),
      ),
    );
    const results = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = settled.find((s) => s.status === 'rejected')?.reason as unknown;
    const urls = results.flatMap((r) => chatImages(r.data));
    const usage = results.reduce<Usage>((u, r) => addUsage(u, r.meta.usage), {});
    const ids = results.flatMap((r) => (r.meta.generationId ? [r.meta.generationId] : []));
    await Promise.all(
      ids.map((id) =>
        deps.generations
          ?.record(id, {
            userId: inv.user.id,
            platform: inv.platform,
            channelId: inv.channelId,
            at: now(),
            ...(inv.serverId ? { serverId: inv.serverId } : {}),
          })
          .catch((err: unknown) => deps.logger.warn({ err }, 'could not record who made the generation')),
      ),
    );
    const said = results
      .map((r) => r.data.choices[0]?.message.content?.trim() ?? '')
      .filter(Boolean)
      .join('\n\n');
    const seconds = ((now() - started) / 1000).toFixed(1);
    const footer = formatFooter({
      model: results[0]?.meta.model ?? model.id,
      usage,
      ...(ids[0] ? { generationId: ids[0] } : {}),
      ...(ids.length > 1 ? { note: `+${ids.length - 1} more` } : {}),
    });
    const shown = await deliverImages(surface, urls, {
      generated: deps.generated,
      logger: deps.logger,
      prefix: 'picture',
      first: {
        text: said.slice(0, 1500) || `Here ${urls.length === 1 ? 'is your picture' : 'are your pictures'}.`,
      },
    });
    // the progress message becomes the summary: footer and buttons live there on every platform
    // (Slack cannot put buttons on a file upload)
    const done =
      shown.refs.length > 0
        ? `✅ ${shown.refs.length} of ${count} picture${count === 1 ? '' : 's'} in ${seconds} s`
        : `⚠️ No picture came back (${what}).`;
    await surface
      .edit(progress, {
        text: done,
        footer,
        buttons: [
          ...(shown.refs.length > 0 ? [{ action: 'regenerate', value: 'last', label: 'Regenerate' }] : []),
          ...(ids[0] ? [detailsButton(ids[0])] : []),
        ],
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'could not finish the progress message'));
    const notes = [
      ...shown.notes,
      ...(urls.length === 0 && results.length > 0 ? ['the model answered without an image'] : []),
    ];
    if (notes.length > 0) await surface.post({ text: notes.map((n) => `-# ${n}`).join('\n') });

    const answer: Turn = {
      role: 'assistant',
      parts: [{ type: 'text', text: said }, ...shown.refs],
      model: model.id,
      status: shown.refs.length > 0 ? 'complete' : 'failed',
      at: now(),
      ...(ids[0] ? { generationId: ids[0] } : {}),
      usage,
    };
    await storeAnswer(deps.conversations, ask, answer, now(), results.length === 0 ? failure : undefined);
    deps.logger.info(
      { model: model.id, images: shown.refs.length, count, cost: usage.cost, generationIds: ids },
      'imagine finished',
    );
    if (results.length === 0 && failure !== undefined) {
      await surface
        .post({ text: `⚠️ ${toUserMessage(failure)}` })
        .then(() => markReported(failure))
        .catch(() => {});
      throw failure;
    }
    return { images: shown.refs.length, generationIds: ids };
  }
}
