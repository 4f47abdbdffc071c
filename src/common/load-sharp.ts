/**
 * sharp (libvips), loaded the first time an image is decoded, scaled or drawn: a bot that never
 * handles a picture does not pay for it at start (time and resident memory).
 */
import type SharpType from 'sharp';

let loading: Promise<typeof SharpType> | undefined;

export function loadSharp(): Promise<typeof SharpType> {
  loading ??= import('sharp').then(
    ({ default: sharp }) => {
      // no libvips operation cache: images are not reused, and the cache keeps decoded pixels
      sharp.cache(false);
      return sharp;
    },
    (err: unknown) => {
      loading = undefined; // a later image tries again
      throw err;
    },
  );
  return loading;
}
