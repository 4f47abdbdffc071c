/**
 * "A message in a conversation → an answer", once for every platform: an @mention starts a thread on
 * its message, a reply in a Switchboard thread continues that conversation (no mention needed), a DM
 * is one running conversation, and a voice note in a channel with automatic transcription gets its
 * transcript. The adapter only translates its event into an IncomingMessage and renders the replies.
 */
import type { Attachment, Invocation, Invoker, PlaceTraits } from '../command-model/command-types.js';
import { markReported, toUserMessage, wasReported } from '../common/errors.js';
import { type ConversationStore, conversationKey } from '../conversations/conversation-store.js';
import { autoTranscribes, type SettingsStore } from '../conversations/settings.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { Platform, ReplySurface } from '../surface/reply-surface.js';
import { threadTitle } from './thread-title.js';

export interface IncomingMessage {
  platform: Platform;
  place?: PlaceTraits;
  serverId?: string;
  channelId: string;
  /** The thread it was written in, if any. */
  threadId?: string;
  /** The platform's id for this delivery (logs). */
  requestId?: string;
  authorId: string;
  /**
   * The author as an invoker; called only when the message is answered (it may cost an API call).
   * `needName: false`: the display name is not shown anywhere, so the adapter may skip looking it up.
   */
  author(options?: { needName?: boolean }): Invoker | Promise<Invoker>;
  /** What was written, the bot's mention removed, in plain text. */
  text: string;
  attachments: Attachment[];
  /** The bot was mentioned. */
  mentioned: boolean;
  /** The adapter knows the thread is the bot's own (e.g. it opened it). */
  inOwnThread?: boolean;
  /** An audio clip automatic transcription would take (absent: this message carries none). */
  voiceNote?: Attachment;
  /** Takes the message for this process; false (said in the adapter's log) when a retry already took it. */
  claim?(): Promise<boolean>;
}

/** How the adapter answers a message: where it was written, and a thread on it. */
export interface MessageReplies {
  /** The channel, the thread it is in, or the DM. */
  here: ReplySurface;
  /** Opens a thread on the message; undefined where none can be opened (the answer stays here). */
  openThread(title: string): Promise<{ threadId: string; surface: ReplySurface } | undefined>;
}

export interface MessageHandler {
  /** The voice note's transcript when the channel transcribes automatically; else an answer when it is for us. */
  handle(m: IncomingMessage, replies: MessageReplies): Promise<void>;
  /** Transcribes the voice note when the channel asks for it; true when the message is taken. */
  transcribeVoiceNote(m: IncomingMessage, replies: MessageReplies): Promise<boolean>;
  /** Answers the message when it is for us (mention, DM, reply in our thread). */
  answer(m: IncomingMessage, replies: MessageReplies): Promise<void>;
}

export interface MessageHandlerDeps {
  dispatcher: Pick<Dispatcher, 'dispatchCommand'>;
  conversations: Pick<ConversationStore, 'get'>;
  settings: SettingsStore;
}

/** The surface without `openThread`: a DM's answers stay at its top level. */
function withoutThreads(surface: ReplySurface): ReplySurface {
  return new Proxy(surface, {
    get: (target, prop, receiver) =>
      prop === 'openThread' ? undefined : Reflect.get(target, prop, receiver),
    has: (target, prop) => prop !== 'openThread' && Reflect.has(target, prop),
  });
}

function invocationOf(m: IncomingMessage, command: string, user: Invoker, threadId?: string): Invocation {
  return {
    platform: m.platform,
    command,
    user,
    channelId: m.channelId,
    ...(m.place ? { place: m.place } : {}),
    ...(m.requestId ? { requestId: m.requestId } : {}),
    ...(m.serverId ? { serverId: m.serverId } : {}),
    ...(threadId ? { threadId } : {}),
  };
}

export function createMessageHandler(deps: MessageHandlerDeps): MessageHandler {
  const claimed = async (m: IncomingMessage) => !m.claim || (await m.claim());

  /** Mentions and DMs are for us; a reply without a mention only in a thread that holds a conversation. */
  async function isForUs(m: IncomingMessage): Promise<boolean> {
    if (m.mentioned || m.place?.direct) return true;
    if (!m.threadId) return false;
    if (m.inOwnThread) return true;
    const key = conversationKey({
      platform: m.platform,
      channelId: m.channelId,
      threadId: m.threadId,
      userId: m.authorId,
    });
    return (await deps.conversations.get(key)) !== undefined;
  }

  async function transcribeVoiceNote(m: IncomingMessage, replies: MessageReplies): Promise<boolean> {
    const file = m.voiceNote;
    if (!file || !(await autoTranscribes(deps.settings, m.platform, m.channelId))) return false;
    if (!(await claimed(m))) return true;
    const user = await m.author();
    const thread = m.threadId ? undefined : await replies.openThread(`Voice note from ${user.name}`);
    const invocation = invocationOf(m, 'transcribe', user, thread?.threadId ?? m.threadId);
    await deps.dispatcher.dispatchCommand(invocation, { file }, thread?.surface ?? replies.here);
    return true;
  }

  async function answer(m: IncomingMessage, replies: MessageReplies): Promise<void> {
    if (!(await isForUs(m)) || !(await claimed(m))) return;
    const prompt = m.text.trim();
    if (!prompt && m.attachments.length === 0) return;
    let surface = replies.here;
    let threadId = m.threadId;
    if (!threadId && m.place?.direct) surface = withoutThreads(surface);
    else if (!threadId) {
      const thread = await replies.openThread(threadTitle(prompt || 'Files'));
      if (thread) ({ threadId, surface } = thread);
    }
    // the name shows only in the "asked:" line of an answer outside a thread (none could be opened)
    const user = await m.author({ needName: !threadId && !m.place?.direct });
    const invocation = { ...invocationOf(m, 'chat', user, threadId), attachments: m.attachments };
    await deps.dispatcher.dispatchCommand(
      invocation,
      { prompt: prompt || 'Please look at the attached file.' },
      surface,
    );
  }

  /**
   * The dispatcher reports its own failures; one before it (the state store not answering while the
   * message is claimed) is said where the message was, not only logged, then rethrown for the log.
   */
  async function reporting<T>(replies: MessageReplies, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (wasReported(err)) throw err;
      await replies.here.post({ text: `⚠️ ${toUserMessage(err)}` }).catch(() => undefined);
      throw markReported(err);
    }
  }

  return {
    transcribeVoiceNote: (m, replies) => reporting(replies, () => transcribeVoiceNote(m, replies)),
    answer: (m, replies) => reporting(replies, () => answer(m, replies)),
    async handle(m, replies) {
      if (await reporting(replies, () => transcribeVoiceNote(m, replies))) return;
      await reporting(replies, () => answer(m, replies));
    },
  };
}
