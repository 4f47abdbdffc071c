/**
 * What the model gets from attached files: images as references (stored) plus their prepared,
 * downscaled bytes (for this request only) within the message's image budget; text files inlined
 * up to a cap; anything else is left out with a visible note saying why.
 */
import type { Attachment } from '../command-model/command-types.js';
import { errorCode } from '../common/errors.js';
import type { ContentPart, ImageRef } from '../conversations/types.js';
import { type PreparedImage, prepareImage } from './image-prep.js';
import { readCapped, type Scratch } from './read-capped.js';

const TEXT_EXT =
  /\.(txt|md|markdown|csv|tsv|json|ya?ml|toml|xml|html?|css|js|mjs|cjs|ts|tsx|jsx|py|rb|go|rs|java|kt|c|h|cpp|hpp|cs|php|sh|sql|log|ini|cfg|env\.example)$/i;

export interface AttachmentLimits {
  acceptsImages: boolean;
  model: string;
  /** Platform the files came from (image references record it). */
  platform: string;
  maxBytes: number;
  maxTextChars: number;
  /** Bytes of prepared images one message may send. */
  imageBytesPerMessage: number;
}

/** Prepared images of this ask, by reference key: the request is built from them without a second download. */
export type PreparedImages = Map<string, PreparedImage>;

export const refKey = (ref: Pick<ImageRef, 'platform' | 'id'>) => `${ref.platform}:${ref.id}`;

export function isTextFile(att: Attachment): boolean {
  const type = att.contentType?.split(';')[0]?.trim() ?? '';
  return type.startsWith('text/') || type === 'application/json' || TEXT_EXT.test(att.name);
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

async function openCapped(att: Attachment, maxBytes: number, signal?: AbortSignal, scratch?: Scratch) {
  if (att.size !== undefined && att.size > maxBytes) return undefined;
  return readCapped(await att.open(signal), maxBytes, att.size, scratch);
}

/** One image: downloaded (hashed), prepared for the model, kept by reference; a note when left out. */
async function imagePart(
  att: Attachment,
  type: string,
  limits: AttachmentLimits,
  room: number,
  scratch: Scratch,
  signal?: AbortSignal,
): Promise<{ ref: ImageRef; prepared: PreparedImage } | string> {
  if (!limits.acceptsImages)
    return `ignored ${att.name}: ${limits.model} does not accept images (pick a vision model with /model)`;
  let read = await openCapped(att, limits.maxBytes, signal, scratch);
  if (!read) return `ignored ${att.name}: larger than ${mb(limits.maxBytes)}`;
  const { sha256, bytes } = read;
  read = undefined; // only `bytes` stays referenced, and only until sharp has read it
  const prepared = await prepareImage(bytes, att.name, Math.max(room, 1)).catch((err: unknown) =>
    errorCode(err) === 'INPUT.IMAGE_UNREADABLE' ? undefined : Promise.reject(err),
  );
  if (!prepared) return `ignored ${att.name}: not an image that could be read`;
  const ref: ImageRef = {
    type: 'image-ref',
    platform: limits.platform,
    id: att.id,
    url: att.url,
    name: att.name,
    mediaType: type,
    size: bytes.byteLength,
    sha256,
    preparedBytes: prepared.data.byteLength,
  };
  return { ref, prepared };
}

export async function attachmentParts(
  attachments: readonly Attachment[],
  limits: AttachmentLimits,
  signal?: AbortSignal,
): Promise<{ parts: ContentPart[]; notes: string[]; prepared: PreparedImages }> {
  const parts: ContentPart[] = [];
  const notes: string[] = [];
  const prepared: PreparedImages = new Map();
  let room = limits.imageBytesPerMessage;
  const scratch: Scratch = {};
  for (const att of attachments) {
    const type = att.contentType?.split(';')[0]?.trim() ?? '';
    if (type.startsWith('image/')) {
      const got = await imagePart(att, type, limits, room, scratch, signal);
      if (typeof got === 'string') notes.push(got);
      else {
        // kept in the history even when over the message's image budget (request-images.ts
        // leaves it out then, with a note); only what fits is held for this request
        parts.push(got.ref);
        if (got.prepared.data.byteLength <= room) {
          prepared.set(refKey(got.ref), got.prepared);
          room -= got.prepared.data.byteLength;
        }
      }
      continue;
    }
    if (isTextFile(att)) {
      const read = await openCapped(att, limits.maxBytes, signal);
      if (!read) {
        notes.push(`ignored ${att.name}: larger than ${mb(limits.maxBytes)}`);
        continue;
      }
      let body = read.bytes.toString('utf8');
      if (body.length > limits.maxTextChars) {
        body = body.slice(0, limits.maxTextChars);
        notes.push(
          `${att.name}: only the first ${limits.maxTextChars.toLocaleString('en-US')} characters were read`,
        );
      }
      parts.push({ type: 'text', text: `File ${att.name}:\n\`\`\`\n${body}\n\`\`\`` });
      continue;
    }
    if (type.startsWith('audio/') || att.isVoiceMessage)
      notes.push(`ignored ${att.name}: audio is not read in chat (use /transcribe)`);
    else notes.push(`ignored ${att.name}: ${type || 'this file type'} is not supported in chat`);
  }
  return { parts, notes, prepared };
}
