/**
 * Messages between bot instances (Stop reaching the instance that streams, notebook changes): Redis
 * pub/sub when REDIS_URL is set, otherwise delivered within this process. Messages are JSON; a
 * subscriber sees every message published on its channel after it subscribed, its own included.
 */
import { EventEmitter } from 'node:events';

export type BusHandler = (message: unknown) => void;

export interface MessageBus {
  publish(channel: string, message: unknown): Promise<void>;
  /** Resolves once the subscription is active. */
  subscribe(channel: string, handler: BusHandler): Promise<void>;
  close(): Promise<void>;
}

const PREFIX = 'switchboard:bus:';

export function createLocalBus(): MessageBus {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    async publish(channel, message) {
      // a copy, as it would arrive from Redis
      events.emit(channel, JSON.parse(JSON.stringify(message)));
    },
    async subscribe(channel, handler) {
      events.on(channel, handler);
    },
    async close() {
      events.removeAllListeners();
    },
  };
}

export async function createRedisBus(
  redisUrl: string,
  onError?: (err: unknown) => void,
): Promise<MessageBus> {
  const { createClient } = await import('@keyv/redis'); // only instances on Redis load it
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (err: unknown) => onError?.(err));
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    async publish(channel, message) {
      await pub.publish(PREFIX + channel, JSON.stringify(message));
    },
    async subscribe(channel, handler) {
      await sub.subscribe(PREFIX + channel, (text: string) => {
        try {
          handler(JSON.parse(text));
        } catch (err) {
          onError?.(err);
        }
      });
    },
    async close() {
      await Promise.all([pub, sub].map((c) => (c.isOpen ? c.close() : undefined)));
    },
  };
}
