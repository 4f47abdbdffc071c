/**
 * Asking for images: when the model can answer with images, the request names the output
 * modalities and the image options (`image_config`), and the images of earlier answers go back with
 * their assistant message (`images`, as the chat completions API documents for requests), so a
 * follow-up like "make it darker" edits the last picture. Images are inlined by
 * chat/request-images.ts before this runs (within the request's image budget).
 */
import type { Turn } from '../conversations/types.js';
import type { ModelInfo } from '../models/catalogue.js';
import type { ChatRequest } from '../openrouter/schemas/chat.js';
import type { ResponsesRequest } from '../openrouter/schemas/responses.js';

export type ImageConfig = Record<string, string>;

export interface ImageOutput {
  modalities: Array<'image' | 'text'>;
  imageConfig?: ImageConfig;
}

/** The output a model is asked for, or undefined for text-only models. */
export function imageOutputFor(model: ModelInfo, imageConfig?: ImageConfig): ImageOutput | undefined {
  const out = model.outputModalities ?? [];
  if (!out.includes('image')) return undefined;
  return {
    modalities: out.includes('text') ? ['image', 'text'] : ['image'],
    ...(imageConfig && Object.keys(imageConfig).length > 0 ? { imageConfig } : {}),
  };
}

export function chatWithImages(body: ChatRequest, turns: readonly Turn[], output?: ImageOutput): ChatRequest {
  const messages = body.messages.map((message, i) => {
    const turn = i === 0 ? undefined : turns[i - 1];
    if (message.role !== 'assistant' || !turn) return message;
    const images = turn.parts.flatMap((p) => (p.type === 'image' ? [{ image_url: { url: p.url } }] : []));
    return images.length > 0 ? { ...message, images } : message;
  });
  return {
    ...body,
    messages,
    ...(output ? { modalities: output.modalities } : {}),
    ...(output?.imageConfig ? { image_config: output.imageConfig } : {}),
  };
}

export function responsesWithImages(body: ResponsesRequest, output?: ImageOutput): ResponsesRequest {
  if (!output) return body;
  return {
    ...body,
    modalities: output.modalities,
    ...(output.imageConfig ? { image_config: output.imageConfig } : {}),
  } as ResponsesRequest;
}
