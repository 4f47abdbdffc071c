/**
 * Stop across instances: every stream is also recorded in the state store (who, where, which
 * instance), so Stop pressed on any instance finds it; when it runs on another instance, the stop is
 * sent over the message bus and that instance aborts it at once. Permission is checked where the
 * stop is asked for (the asker must own the answer, or be an admin).
 */
import type { Logger } from 'pino';
import type { MessageBus } from '../state/message-bus.js';
import type { StateStore } from '../state/store.js';
import type { ActiveStreams } from './active-streams.js';

const CHANNEL = 'stream-stops';
/** A record outlives its stream only if its instance died; then there is nothing left to stop. */
const RECORD_TTL_MS = 60 * 60 * 1000;

interface StreamRecord {
  userId: string;
  channelId: string;
  instance: string;
}

export interface SharedStreamsDeps {
  local: ActiveStreams;
  store: StateStore;
  bus: MessageBus;
  instanceId: string;
  logger: Logger;
}

export interface SharedStreams extends ActiveStreams {
  /** Resolves once stops from other instances are listened for. */
  readonly ready: Promise<void>;
}

export function createSharedStreams(deps: SharedStreamsDeps): SharedStreams {
  const { local, bus, logger } = deps;
  const records = deps.store.namespace('live-streams');
  const recording = new Map<string, Promise<void>>();
  const warn = (what: string) => (err: unknown) => logger.warn({ err }, what);
  const ready = bus
    .subscribe(CHANNEL, (message) => {
      const m = message as { id?: unknown; instance?: unknown };
      if (m.instance !== deps.instanceId || typeof m.id !== 'string') return;
      // permission was checked by the instance that asked
      void local.stop(m.id, { userId: '', isAdmin: true });
    })
    .catch(warn('could not listen for stops from other instances'));
  const remoteStop = async (id: string, rec: StreamRecord) => {
    await bus.publish(CHANNEL, { id, instance: rec.instance });
  };
  return {
    ready,
    start(entry, parent) {
      const stream = local.start(entry, parent);
      const rec: StreamRecord = {
        userId: entry.userId,
        channelId: entry.channelId,
        instance: deps.instanceId,
      };
      recording.set(
        stream.id,
        records.set(stream.id, rec, RECORD_TTL_MS).catch(warn('could not record a stream')),
      );
      return stream;
    },
    async finish(id) {
      await local.finish(id);
      // never delete before the record was written, or it would outlive its stream
      await recording.get(id);
      recording.delete(id);
      await records.delete(id).catch(warn('could not forget a stream'));
    },
    async stop(id, by) {
      if (await local.stop(id, by)) return true;
      const rec = await records.get<StreamRecord>(id);
      if (!rec || rec.instance === deps.instanceId) return false;
      if (rec.userId !== by.userId && !by.isAdmin) return false;
      await remoteStop(id, rec);
      return true;
    },
    async stopAll(userId, channelId) {
      let count = await local.stopAll(userId, channelId);
      for await (const [id, rec] of records.entries<StreamRecord>()) {
        if (rec.instance === deps.instanceId || rec.userId !== userId || rec.channelId !== channelId)
          continue;
        await remoteStop(id, rec);
        count += 1;
      }
      return count;
    },
    // shutdown: this process's own streams (other instances keep theirs)
    interruptAll: () => local.interruptAll(),
    get size() {
      return local.size;
    },
  };
}
