/**
 * The moment between "POST /videos sent" and "job stored": a restart there would leave a job
 * nobody follows. A marker is kept for that moment; one found at start-up means the bot went down
 * mid-submit, and the requester is told so (the job may or may not have started), never silently.
 */

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { cmd } from '../command-model/command-ref.js';
import type { StateStore } from '../state/store.js';
import type { SurfaceLocation } from '../surface/reply-surface.js';
import type { Surfaces } from '../surface/surface-factories.js';

const DAY = 24 * 60 * 60 * 1000;

export interface SubmitMarker {
  userId: string;
  model: string;
  prompt: string;
  at: number;
  location: SurfaceLocation;
  /** The instance making the submit: only its death makes the submit "interrupted". */
  owner?: string;
}

const markerSchema = z.object({
  userId: z.string(),
  model: z.string(),
  prompt: z.string(),
  at: z.number(),
  owner: z.string().optional(),
  location: z.looseObject({ platform: z.string().min(1), channelId: z.string() }),
});

export interface SubmitGuard {
  begin(marker: Omit<SubmitMarker, 'owner'>): Promise<string>;
  end(id: string): Promise<void>;
  /**
   * Tells the requester of every interrupted submit; markers whose platform is not connected (yet)
   * stay. Returns how many are still waiting to be told.
   */
  reportInterrupted(surfaces: Surfaces, isAlive?: (owner: string) => Promise<boolean>): Promise<number>;
}

export function createSubmitGuard(store: StateStore, logger: Logger, owner?: string): SubmitGuard {
  const ns = store.namespace('video-submits');
  const told = store.namespace('video-submits-told');
  return {
    async begin(marker) {
      const id = randomUUID();
      await ns.set(id, { ...marker, ...(owner ? { owner } : {}) }, DAY);
      return id;
    },
    async end(id) {
      await ns.delete(id);
    },
    async reportInterrupted(surfaces, isAlive = async () => false) {
      let waiting = 0;
      for await (const [id, raw] of ns.entries<unknown>()) {
        const parsed = markerSchema.safeParse(raw);
        if (!parsed.success) {
          await ns.delete(id);
          continue;
        }
        const m = parsed.data as SubmitMarker;
        // a live instance is still making this submit (it ends the marker itself); look again later
        if (m.owner && (await isAlive(m.owner))) {
          waiting++;
          continue;
        }
        const surface = await surfaces.open(m.location, m.userId).catch(() => undefined);
        if (!surface) {
          waiting++;
          continue;
        }
        // several survivors may find the same dead instance's marker: one of them tells
        if (!(await told.add(id, owner ?? 'this', DAY))) continue;
        await surface
          .post({
            text: `⚠️ The bot restarted while it was sending your video request (“${m.prompt.slice(0, 80)}”, ${m.model}). The job may or may not have started: if nothing arrives, run ${cmd('video create')} again (${cmd('usage')} shows whether it was billed).`,
          })
          .catch((err: unknown) => logger.warn({ err }, 'could not report an interrupted video submit'));
        await ns.delete(id);
        logger.warn(
          { marker: id, user: m.userId },
          'video submit was interrupted by a restart; requester told',
        );
      }
      return waiting;
    },
  };
}
