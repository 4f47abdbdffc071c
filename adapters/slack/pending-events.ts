/**
 * Slack events an instance acknowledged but has not yet shown anything for (with Redis only). Slack
 * never redelivers an acknowledged event and the other instances never saw it, so each claimed mention
 * or message is kept as a small record naming its owner until its answer is visible, its question is
 * stored, or its handling ended. Every instance sweeps the records: one whose owner is gone (its
 * presence expired) is taken over by exactly one survivor (`SET NX` on a key naming the gone owner),
 * which records itself as the new owner and handles the event from the start.
 */
import type { Logger } from 'pino';
import type { IncomingMessage, MessageReplies } from '../../src/chat/incoming-message.js';
import { confirmingSurface } from '../../src/dispatch/confirming-surface.js';
import type { InstancePresence } from '../../src/state/instance-presence.js';
import type { StateStore } from '../../src/state/store.js';
import type { EventInfo, SlackMessageEvent } from './conversation.js';

export type PendingKind = 'app_mention' | 'message';

export interface PendingEvent {
  owner: string;
  kind: PendingKind;
  event: SlackMessageEvent;
  info: EventInfo & { eventId: string };
  at: number;
}

/** One event's record: written when its claim is won, removed by `done` (once). */
export interface PendingTicket {
  message: IncomingMessage;
  replies: MessageReplies;
  done(): Promise<void>;
}

export interface SlackPending {
  /** Wraps the message and its replies so the claim records the event and the first visible output ends it. */
  track(pending: Omit<PendingEvent, 'owner' | 'at'>, m: IncomingMessage, out: MessageReplies): PendingTicket;
  /** Takes over (at most `perSweep`) records of gone owners; resolves with how many were taken. */
  sweep(handle: (p: PendingEvent) => Promise<void>): Promise<number>;
}

export interface PendingConfig {
  /** How long a record is kept at most (default 10 minutes). */
  ttlMs?: number;
  /** Records taken over per sweep at most (default 20). */
  perSweep?: number;
}

export const SLACK_PENDING_TTL_MS = 10 * 60 * 1000;

export function createSlackPending(
  config: PendingConfig,
  deps: { store: StateStore; presence: InstancePresence; logger: Logger },
): SlackPending {
  const records = deps.store.namespace('slack-pending');
  const takeovers = deps.store.namespace('slack-takeovers');
  const ttl = config.ttlMs ?? SLACK_PENDING_TTL_MS;
  const warn = (what: string) => (err: unknown) => deps.logger.warn({ err }, what);

  function track(p: Omit<PendingEvent, 'owner' | 'at'>, m: IncomingMessage, out: MessageReplies) {
    const id = p.info.eventId;
    let recorded = false;
    let ended: Promise<void> | undefined;
    const done = () => {
      if (!recorded) return Promise.resolve();
      ended ??= records.delete(id).then(() => undefined, warn('could not remove a pending Slack event'));
      return ended;
    };
    const record = async () => {
      recorded = true;
      const value: PendingEvent = { ...p, owner: deps.presence.id, at: Date.now() };
      await records.set(id, value, ttl).catch(warn('could not record a pending Slack event'));
    };
    const claim = m.claim;
    const message: IncomingMessage = {
      ...m,
      claim: async () => {
        const won = claim ? await claim() : true;
        if (won) await record();
        return won;
      },
    };
    const replies: MessageReplies = {
      here: confirmingSurface(out.here, done),
      openThread: async (title) => {
        const thread = await out.openThread(title);
        return thread && { ...thread, surface: confirmingSurface(thread.surface, done) };
      },
    };
    return { message, replies, done };
  }

  async function takeable(id: string, p: PendingEvent, isAlive: (owner: string) => Promise<boolean>) {
    if (p.owner === deps.presence.id || (await isAlive(p.owner))) return false;
    if (!(await takeovers.add(`${id}:${p.owner}`, deps.presence.id, ttl))) return false;
    // the survivor becomes the owner: should it die too, another survivor takes it over again
    await records.set(id, { ...p, owner: deps.presence.id }, Math.max(1_000, p.at + ttl - Date.now()));
    return true;
  }

  async function sweep(handle: (p: PendingEvent) => Promise<void>): Promise<number> {
    const others: Array<[string, PendingEvent]> = [];
    for await (const [id, p] of records.entries<PendingEvent>()) {
      if (p.owner !== deps.presence.id) others.push([id, p]);
      if (others.length >= 200) break;
    }
    // one presence look-up per owner and sweep, however many of its events are pending
    const alive = new Map<string, Promise<boolean>>();
    const isAlive = (owner: string) => {
      const known = alive.get(owner) ?? deps.presence.isAlive(owner);
      alive.set(owner, known);
      return known;
    };
    let taken = 0;
    for (const [id, p] of others) {
      if (taken >= (config.perSweep ?? 20)) break;
      if (!(await takeable(id, p, isAlive))) continue;
      taken++;
      deps.logger.info(
        { eventId: id, from: p.owner, kind: p.kind },
        'slack event taken over from a gone instance',
      );
      void handle({ ...p, owner: deps.presence.id });
    }
    return taken;
  }

  return { track, sweep };
}
