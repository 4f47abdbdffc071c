/**
 * After a restart, or on a surviving instance once the instance that streamed them is gone: answers
 * that were streaming when their process died (still in the journal) are finished as well as can be. Each message shows the text so far with "(interrupted by a restart)"
 * and no live buttons (a native live stream is ended first), the answer joins the history marked
 * `interrupted` right after its question, and its cost is recorded from GET /generation when the
 * generation id was known. An entry whose platform is not connected yet is left for a later pass.
 * With several instances each entry is claimed first, so exactly one instance finishes it (a
 * restarting instance and a survivor never both do); a claim whose taker died lapses after
 * RECOVERY_CLAIM_MS and the entry is taken again.
 */
import type { Logger } from 'pino';
import type { ConversationStore } from '../conversations/conversation-store.js';
import type { Turn } from '../conversations/types.js';
import type { ResultMeta, Usage } from '../openrouter/events.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import type { InstancePresence } from '../state/instance-presence.js';
import type { Claims } from '../state/primitives/contract.js';
import { formatFooter } from '../streaming/footer.js';
import { displayMarkdown, splitMarkdown } from '../streaming/markdown-split.js';
import type { Surfaces } from '../surface/surface-factories.js';
import type { UsageRecorder } from '../usage/recorder.js';
import type { AnswerJournal, JournalEntry } from './answer-journal.js';

export const INTERRUPTED_NOTE = '_(interrupted by a restart)_';
/** How long one instance holds the right to finish an entry (longer than finishing one takes). */
export const RECOVERY_CLAIM_MS = 2 * 60 * 1000;

export interface RecoveryDeps {
  journal: AnswerJournal;
  conversations: ConversationStore;
  surfaces: Surfaces;
  client: Pick<OpenRouterClient, 'getGeneration'>;
  recorder?: Pick<UsageRecorder, 'settle'>;
  logger: Logger;
  now?: () => number;
  /** Which instances are alive: an entry whose instance is alive is still streaming there. */
  presence?: Pick<InstancePresence, 'isAlive'>;
  /** Claimed per entry before finishing it (one instance finishes each). */
  claims?: Claims;
  /** Waits before each GET /generation attempt (the stats of a cut generation lag a little). */
  lookupDelaysMs?: readonly number[];
}

/**
 * Which entries to take: all (single instance: nothing else can be streaming), or those of instances
 * that are gone (entries written before entries named their instance: those not refreshed lately).
 */
export type Take = 'all' | { staleAfterMs: number };

async function takeable(entry: JournalEntry, take: Take, deps: RecoveryDeps): Promise<boolean> {
  if (!deps.surfaces.has(entry.location.platform)) return false;
  if (take !== 'all') {
    if (entry.instanceId && deps.presence) {
      if (await deps.presence.isAlive(entry.instanceId)) return false;
    } else if ((deps.now ?? Date.now)() - entry.updatedAt < take.staleAfterMs) return false;
  }
  return deps.claims ? deps.claims.claim(`answer-recovery:${entry.id}`, RECOVERY_CLAIM_MS) : true;
}

async function costOf(id: string, deps: RecoveryDeps): Promise<ResultMeta | undefined> {
  for (const delay of deps.lookupDelaysMs ?? [0, 500, 1_500, 3_000]) {
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    try {
      const { data } = await deps.client.getGeneration(id, { maxRetries: 0 });
      const usage: Usage = { cost: data.total_cost };
      if (data.tokens_prompt != null) usage.promptTokens = data.tokens_prompt;
      if (data.tokens_completion != null) usage.completionTokens = data.tokens_completion;
      if (data.tokens_prompt != null || data.tokens_completion != null)
        usage.totalTokens = (data.tokens_prompt ?? 0) + (data.tokens_completion ?? 0);
      return { generationId: id, model: data.model, usage };
    } catch (err) {
      deps.logger.debug({ err, generationId: id }, 'generation stats not there yet');
    }
  }
  return undefined;
}

/** Shows the cut answer: ends a live stream, then text + note across the answer's messages. */
async function showInterrupted(entry: JournalEntry, footer: string, deps: RecoveryDeps): Promise<boolean> {
  const surface = await deps.surfaces.open(entry.location, entry.userId);
  if (!surface) return false;
  const controls = entry.controls;
  if (controls) {
    const removed = surface.delete
      ? await surface.delete(controls).then(
          () => true,
          () => false,
        )
      : false;
    if (!removed)
      await surface
        .edit(controls, { text: '_Interrupted._', buttons: [] })
        .catch((err: unknown) =>
          deps.logger.warn({ err }, 'could not remove the Stop button of an interrupted answer'),
        );
  }
  const last = entry.messages.at(-1);
  if (entry.native && last && surface.endStream) {
    // the live message keeps what it showed; the note and footer close it
    const ended = await surface.endStream(last, { text: `\n\n${INTERRUPTED_NOTE}`, footer });
    if (ended) return true;
  }
  if (entry.native) {
    // an expired live message cannot be edited into shape: say it under the answer
    await surface.post({ text: `${INTERRUPTED_NOTE} — the answer above was cut off`, footer });
    return true;
  }
  const body = `${entry.text ? displayMarkdown(entry.text) : ''}\n\n${INTERRUPTED_NOTE}`.trim();
  const pieces = splitMarkdown(body, surface.limits.maxMessageChars - 200);
  for (let i = 0; i < pieces.length; i++) {
    const message = {
      text: pieces[i] as string,
      buttons: [],
      ...(i === pieces.length - 1 ? { footer } : {}),
    };
    const ref = entry.messages[i];
    if (ref) await surface.edit(ref, message);
    else await surface.post(message);
  }
  return true;
}

/**
 * Where the entry's answer belongs in the history (right after its question, or at the end when the
 * question is not found) and whether an answer from this stream is there already.
 */
function answerSlot(turns: readonly Turn[], entry: JournalEntry): { at: number; stored: boolean } {
  const q = turns.findLastIndex((t) => t.role === 'user' && t.at === entry.questionAt);
  const at = q >= 0 ? q + 1 : turns.length;
  const next = turns[at];
  return { at, stored: next?.role === 'assistant' && next.at >= entry.startedAt };
}

/** The cut answer in the history, right after its question (once: a second pass finds it there). */
async function keepInHistory(entry: JournalEntry, meta: ResultMeta | undefined, deps: RecoveryDeps) {
  if (!entry.text) return;
  const turn: Turn = {
    role: 'assistant',
    parts: [{ type: 'text', text: entry.text }],
    model: meta?.model ?? entry.model,
    status: 'interrupted',
    at: entry.startedAt,
    ...(entry.generationId ? { generationId: entry.generationId } : {}),
    ...(meta?.usage ? { usage: meta.usage } : {}),
  };
  await deps.conversations
    .update(entry.conversationKey, (current) => {
      if (!current) throw new Error('conversation gone');
      const slot = answerSlot(current.turns, entry);
      if (slot.stored) return current; // already there
      const turns = [...current.turns];
      turns.splice(slot.at, 0, turn);
      return { ...current, turns };
    })
    .catch((err: unknown) =>
      deps.logger.warn({ err, key: entry.conversationKey }, 'interrupted answer not kept'),
    );
}

/**
 * The answer was stored after all (the process died between storing it and clearing its entry): its
 * messages are final and its cost recorded, so there is nothing to finish.
 */
async function storedAlready(entry: JournalEntry, deps: RecoveryDeps): Promise<boolean> {
  const turns = (await deps.conversations.get(entry.conversationKey))?.turns ?? [];
  return answerSlot(turns, entry).stored;
}

export async function recoverInterrupted(deps: RecoveryDeps, take: Take): Promise<number> {
  let done = 0;
  for (const entry of await deps.journal.entries()) {
    try {
      if (!(await takeable(entry, take, deps))) continue;
      if (await storedAlready(entry, deps)) {
        await deps.journal.remove(entry.id);
        deps.logger.info(
          { answer: entry.id },
          'answer had been stored before the restart; its entry cleared',
        );
        continue;
      }
      await finish(entry, deps);
      await deps.journal.remove(entry.id);
      deps.logger.info(
        { answer: entry.id, instance: entry.instanceId, chars: entry.text.length },
        'interrupted answer finished',
      );
      done++;
    } catch (err) {
      deps.logger.warn({ err, answer: entry.id }, 'could not recover an interrupted answer');
    }
  }
  return done;
}

/** Shown as interrupted, kept in the history, its cost recorded. */
async function finish(entry: JournalEntry, deps: RecoveryDeps): Promise<void> {
  const meta = entry.generationId ? await costOf(entry.generationId, deps) : undefined;
  const footer = formatFooter({
    model: meta?.model ?? entry.model,
    ...(meta?.usage ? { usage: meta.usage } : {}),
    ...(entry.generationId ? { generationId: entry.generationId } : {}),
  });
  await showInterrupted(entry, footer, deps).catch((err: unknown) =>
    deps.logger.warn({ err, answer: entry.id }, 'could not mark an interrupted answer in chat'),
  );
  await keepInHistory(entry, meta, deps);
  if (entry.generationId)
    await deps.recorder?.settle(
      {
        account: {
          platform: entry.location.platform,
          channelId: entry.location.channelId,
          userId: entry.userId,
          ...(entry.location.serverId ? { serverId: entry.location.serverId } : {}),
        },
        command: 'chat',
      },
      'chat',
      meta ?? { generationId: entry.generationId },
      entry.model,
    );
}
