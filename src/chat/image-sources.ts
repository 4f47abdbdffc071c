/**
 * How the bytes of an image attached earlier are fetched again: each adapter registers an opener
 * for its platform (its file hosts and credentials); the core only stores the reference.
 */
import type { ImageRef } from '../conversations/types.js';

export type ImageOpener = (ref: ImageRef, signal?: AbortSignal) => Promise<AsyncIterable<Uint8Array>>;

export interface ImageSources {
  register(platform: string, opener: ImageOpener): void;
  /** The bytes of the image, or undefined when its platform is not connected. */
  open(ref: ImageRef, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> | undefined;
}

export function createImageSources(): ImageSources {
  const openers = new Map<string, ImageOpener>();
  return {
    register: (platform, opener) => void openers.set(platform, opener),
    open: (ref, signal) => openers.get(ref.platform)?.(ref, signal),
  };
}
