/**
 * Generated images in results: chat completions carry them on the message (`images[].image_url.url`,
 * data URLs), the Responses API as `image_generation_call` items (bare base64, PNG by default).
 */
import type { ChatResult } from './schemas/chat.js';
import type { ResponsesResult } from './schemas/responses.js';

/** A Responses image result (base64 or already a data URL) as a data URL. */
export function imageDataUrl(result: string): string {
  if (result.startsWith('data:') || /^https?:\/\//.test(result)) return result;
  return `data:${sniffImageType(result)};base64,${result}`;
}

/** The media type of base64 image data from its first bytes (PNG unless it says otherwise). */
function sniffImageType(base64: string): string {
  if (base64.startsWith('/9j/')) return 'image/jpeg';
  if (base64.startsWith('UklGR')) return 'image/webp';
  if (base64.startsWith('R0lGOD')) return 'image/gif';
  return 'image/png';
}

export function chatImages(result: ChatResult): string[] {
  return result.choices.flatMap((c) => (c.message.images ?? []).map((i) => i.image_url.url));
}

export function responsesImages(result: ResponsesResult): string[] {
  return result.output
    .filter((item) => item.type === 'image_generation_call' && typeof item.result === 'string' && item.result)
    .map((item) => imageDataUrl(item.result as string));
}
