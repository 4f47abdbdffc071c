import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/state/memory-store.js';
import { createSurfaces } from '../../../src/surface/surface-factories.js';
import { createSubmitGuard } from '../../../src/video/video-submits.js';
import { createFakeSurface } from '../../fakes/surface.js';

const logger = pino({ level: 'silent' });
const marker = {
  userId: 'U1',
  model: 'google/veo-3.1',
  prompt: 'a fox in the snow',
  at: 0,
  location: { platform: 'discord' as const, channelId: 'C1' },
};

describe('interrupted video submits', () => {
  it('a finished submit leaves nothing to report', async () => {
    const store = createMemoryStore();
    const guard = createSubmitGuard(store, logger);
    await guard.end(await guard.begin(marker));
    const surfaces = createSurfaces();
    const surface = createFakeSurface();
    surfaces.register('discord', async () => surface);
    expect(await guard.reportInterrupted(surfaces)).toBe(0);
    expect(surface.messages).toHaveLength(0);
  });

  it('after a restart mid-submit the requester is told, once its platform is connected', async () => {
    const store = createMemoryStore();
    await createSubmitGuard(store, logger).begin(marker); // the process died here
    const guard = createSubmitGuard(store, logger); // the next start, same store
    const surfaces = createSurfaces();
    expect(await guard.reportInterrupted(surfaces)).toBe(1); // Discord not connected yet: kept
    const surface = createFakeSurface();
    surfaces.register('discord', async () => surface);
    expect(await guard.reportInterrupted(surfaces)).toBe(0);
    expect(surface.visibleText()).toContain('restarted while it was sending your video request');
    expect(surface.visibleText()).toContain('a fox in the snow');
    expect(await guard.reportInterrupted(surfaces)).toBe(0);
    expect(surface.messages).toHaveLength(1); // told once
  });

  it('a submit another live instance is making is not reported; once it died, one survivor tells', async () => {
    const store = createMemoryStore();
    await createSubmitGuard(store, logger, 'instance-a').begin(marker); // A is sending POST /videos
    let aAlive = true;
    const isAlive = async (owner: string) => owner === 'instance-a' && aAlive;
    const surfaces = createSurfaces();
    const surface = createFakeSurface();
    surfaces.register('discord', async () => surface);
    const b = createSubmitGuard(store, logger, 'instance-b');
    const c = createSubmitGuard(store, logger, 'instance-c');
    expect(await b.reportInterrupted(surfaces, isAlive)).toBe(1); // still A's: waiting, not told
    expect(surface.messages).toHaveLength(0);
    aAlive = false; // A died mid-submit
    await Promise.all([b.reportInterrupted(surfaces, isAlive), c.reportInterrupted(surfaces, isAlive)]);
    expect(surface.messages).toHaveLength(1); // told once, by one survivor
    expect(surface.visibleText()).toContain('may or may not have started');
  });
});
