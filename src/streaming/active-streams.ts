/**
 * Answers being streamed right now, so Stop buttons and `/stop` can abort them (and with them the upstream request).
 */
/** The abort reason of answers cut short because the bot is stopping (see src/ops/shutdown.ts). */
export class RestartInterruption extends Error {
  readonly code = 'APP.RESTARTING';
  constructor() {
    super('the bot is restarting');
    this.name = 'RestartInterruption';
  }
}

export function isRestart(reason: unknown): boolean {
  return reason instanceof RestartInterruption;
}

export interface ActiveStream {
  id: string;
  userId: string;
  channelId: string;
  controller: AbortController;
}

export interface ActiveStreams {
  start(entry: Omit<ActiveStream, 'controller' | 'id'>, parent?: AbortSignal): ActiveStream;
  /** Forget a stream that ended (resolves once other instances can no longer find it). */
  finish(id: string): void | Promise<void>;
  /** Abort one stream; only its owner or an admin may. Resolves false when unknown or not allowed. */
  stop(id: string, by: { userId: string; isAdmin: boolean }): Promise<boolean>;
  /** Abort every stream of this user in this channel; resolves how many. */
  stopAll(userId: string, channelId: string): Promise<number>;
  /** Abort every stream because the bot is stopping: each ends with an "interrupted" note; returns how many. */
  interruptAll(): number;
  /** Streams running in this process. */
  readonly size: number;
}

export function createActiveStreams(
  newId: () => string = () => crypto.randomUUID().slice(0, 8),
): ActiveStreams {
  const streams = new Map<string, ActiveStream>();
  return {
    start(entry, parent) {
      const controller = new AbortController();
      if (parent) {
        if (parent.aborted) controller.abort(parent.reason);
        else parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
      }
      const stream = { ...entry, id: newId(), controller };
      streams.set(stream.id, stream);
      return stream;
    },
    finish(id) {
      streams.delete(id);
    },
    async stop(id, by) {
      const stream = streams.get(id);
      if (!stream || (stream.userId !== by.userId && !by.isAdmin)) return false;
      stream.controller.abort(new Error('stopped by user'));
      return true;
    },
    async stopAll(userId, channelId) {
      let count = 0;
      for (const stream of streams.values()) {
        if (stream.userId === userId && stream.channelId === channelId) {
          stream.controller.abort(new Error('stopped by user'));
          count += 1;
        }
      }
      return count;
    },
    interruptAll() {
      for (const stream of streams.values()) stream.controller.abort(new RestartInterruption());
      return streams.size;
    },
    get size() {
      return streams.size;
    },
  };
}
