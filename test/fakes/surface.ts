/** A hand-written ReplySurface that records posts and edits (with times) for core tests. */
import { withCommandSyntax } from '../../src/command-model/command-ref.js';
import type {
  MessageRef,
  OutgoingMessage,
  ReplySurface,
  SurfaceLimits,
} from '../../src/surface/reply-surface.js';

export interface RecordedMessage {
  ref: MessageRef;
  current: OutgoingMessage;
  history: OutgoingMessage[];
}

export interface FakeSurface extends ReplySurface {
  readonly messages: RecordedMessage[];
  readonly editTimes: number[];
  /** What a user sees now: every message's text (and footer) in order. */
  visibleText(): string;
  /** Make the next `count` posts/edits fail with this error. */
  failNext(count: number, error: Error): void;
}

export function createFakeSurface(
  opts: Partial<SurfaceLimits> & {
    channelId?: string;
    now?: () => number;
    platform?: 'discord' | 'slack';
    serverId?: string;
  } = {},
): FakeSurface {
  const now = opts.now ?? Date.now;
  const messages: RecordedMessage[] = [];
  const editTimes: number[] = [];
  let failures: { count: number; error: Error } | undefined;
  const maybeFail = () => {
    if (failures && failures.count > 0) {
      failures.count -= 1;
      throw failures.error;
    }
  };
  const channelId = opts.channelId ?? 'C1';
  return {
    location: {
      platform: opts.platform ?? 'discord',
      channelId,
      ...(opts.serverId ? { serverId: opts.serverId } : {}),
    },
    limits: {
      maxMessageChars: opts.maxMessageChars ?? 2000,
      maxUploadBytes: opts.maxUploadBytes ?? 10 * 1024 * 1024,
      minEditIntervalMs: opts.minEditIntervalMs ?? 0,
      channelEditBudget: opts.channelEditBudget ?? { edits: 1000, windowMs: 1000 },
      ...(opts.botEditBudget ? { botEditBudget: opts.botEditBudget } : {}),
    },
    messages,
    editTimes,
    async post(message) {
      maybeFail();
      if (message.text.length > (opts.maxMessageChars ?? 2000)) throw new Error('message too long');
      const ref = { id: `m${messages.length + 1}`, channelId };
      messages.push({ ref, current: message, history: [message] });
      return ref;
    },
    async edit(ref, message) {
      maybeFail();
      if (message.text.length > (opts.maxMessageChars ?? 2000)) throw new Error('message too long');
      const m = messages.find((x) => x.ref.id === ref.id);
      if (!m) throw new Error(`unknown message ${ref.id}`);
      m.current = message;
      m.history.push(message);
      editTimes.push(now());
    },
    visibleText() {
      // as a Discord user reads it: command references rendered `/name`, mention marks dropped
      return withCommandSyntax(
        messages
          .map((m) => (m.current.footer ? `${m.current.text}\n${m.current.footer}` : m.current.text))
          .join('\n'),
        '/',
      );
    },
    failNext(count, error) {
      failures = { count, error };
    },
  };
}
