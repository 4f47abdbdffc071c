/**
 * The user turn of an ask: the prompt with its attachments as content parts (and notes for files
 * that were left out), or, for Regenerate, the last question of the history again.
 */
import type { Turn } from '../conversations/types.js';
import type { ModelInfo } from '../models/catalogue.js';
import { attachmentParts, type PreparedImages } from './attachments.js';
import type { AskInput } from './chat-service.js';

export async function buildQuestion(
  input: AskInput,
  history: Turn[],
  model: ModelInfo,
  opts: { maxAttachmentBytes: number; imageBytesPerMessage: number; at: number },
): Promise<{ userTurn: Turn; previous: Turn[]; notes: string[]; prepared: PreparedImages }> {
  if (input.regenerate) {
    const lastUser = history.findLastIndex((t) => t.role === 'user');
    if (lastUser < 0) throw new Error('nothing to regenerate');
    return {
      userTurn: history[lastUser] as Turn,
      previous: answered(history.slice(0, lastUser)),
      notes: [],
      prepared: new Map(),
    };
  }
  const inv = input.invocation;
  const files = [...(input.attachments ?? []), ...(inv.attachments ?? [])];
  const extra = await attachmentParts(
    files,
    {
      acceptsImages: model.inputModalities.includes('image'),
      model: model.id,
      platform: inv.platform,
      maxBytes: opts.maxAttachmentBytes,
      imageBytesPerMessage: opts.imageBytesPerMessage,
      maxTextChars: 50_000,
    },
    input.signal,
  );
  const userTurn: Turn = {
    role: 'user',
    parts: [{ type: 'text', text: input.prompt }, ...extra.parts],
    authorId: inv.user.id,
    authorName: inv.user.name,
    status: 'complete',
    at: opts.at,
  };
  return { userTurn, previous: answered(history), notes: [...extra.notes], prepared: extra.prepared };
}

/** Questions that were refused outright (no answer at all) are not sent again. */
function answered(turns: Turn[]): Turn[] {
  return turns.filter((t) => !(t.role === 'user' && t.status === 'failed'));
}
