/**
 * Surfaces re-made from a stored location: long work (video jobs) outlives the request that
 * started it — a restart, or Discord's 15-minute interaction token — and later updates go through
 * the bot's ordinary channel messages. Each adapter registers a factory for its platform on start.
 */
import type { Platform, ReplySurface, SurfaceLocation } from './reply-surface.js';

export type SurfaceFactory = (location: SurfaceLocation, userId: string) => Promise<ReplySurface>;

export interface Surfaces {
  register(platform: Platform, factory: SurfaceFactory): void;
  unregister(platform: Platform): void;
  /** A surface for the location, or undefined while its platform is not connected. */
  open(location: SurfaceLocation, userId: string): Promise<ReplySurface | undefined>;
  has(platform: Platform): boolean;
}

export function createSurfaces(): Surfaces {
  const factories = new Map<Platform, SurfaceFactory>();
  return {
    register: (platform, factory) => void factories.set(platform, factory),
    unregister: (platform) => void factories.delete(platform),
    has: (platform) => factories.has(platform),
    async open(location, userId) {
      const factory = factories.get(location.platform);
      return factory ? factory(location, userId) : undefined;
    },
  };
}
