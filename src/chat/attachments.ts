/**
 * What the model gets from attached files: images as image parts (when the model takes images),
 * text files inlined up to a cap; anything else is left out with a visible note saying why.
 */
import type { Attachment } from '../command-model/command-types.js';
import type { ContentPart } from '../conversations/types.js';

const TEXT_EXT =
  /\.(txt|md|markdown|csv|tsv|json|ya?ml|toml|xml|html?|css|js|mjs|cjs|ts|tsx|jsx|py|rb|go|rs|java|kt|c|h|cpp|hpp|cs|php|sh|sql|log|ini|cfg|env\.example)$/i;

export interface AttachmentLimits {
  acceptsImages: boolean;
  model: string;
  maxBytes: number;
  maxTextChars: number;
}

async function readCapped(
  att: Attachment,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Buffer | undefined> {
  if (att.size !== undefined && att.size > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of await att.open(signal)) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export function isTextFile(att: Attachment): boolean {
  const type = att.contentType?.split(';')[0]?.trim() ?? '';
  return type.startsWith('text/') || type === 'application/json' || TEXT_EXT.test(att.name);
}

export async function attachmentParts(
  attachments: readonly Attachment[],
  limits: AttachmentLimits,
  signal?: AbortSignal,
): Promise<{ parts: ContentPart[]; notes: string[] }> {
  const parts: ContentPart[] = [];
  const notes: string[] = [];
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  for (const att of attachments) {
    const type = att.contentType?.split(';')[0]?.trim() ?? '';
    if (type.startsWith('image/')) {
      if (!limits.acceptsImages) {
        notes.push(
          `ignored ${att.name}: ${limits.model} does not accept images (pick a vision model with /model)`,
        );
        continue;
      }
      const bytes = await readCapped(att, limits.maxBytes, signal);
      if (!bytes) notes.push(`ignored ${att.name}: larger than ${mb(limits.maxBytes)}`);
      else
        parts.push({
          type: 'image',
          url: `data:${type};base64,${bytes.toString('base64')}`,
          mediaType: type,
        });
      continue;
    }
    if (isTextFile(att)) {
      const bytes = await readCapped(att, limits.maxBytes, signal);
      if (!bytes) {
        notes.push(`ignored ${att.name}: larger than ${mb(limits.maxBytes)}`);
        continue;
      }
      let body = bytes.toString('utf8');
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
  return { parts, notes };
}
