/** Real small images for tests, made with sharp, and checks that bytes really are one. */
import sharp from 'sharp';

/** A PNG of one colour (default 64×48), as bytes. */
export function pngOf(color: string, width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
}

export async function pngDataUrl(color: string, width = 64, height = 48): Promise<string> {
  return `data:image/png;base64,${(await pngOf(color, width, height)).toString('base64')}`;
}

/** Format and size as sharp reads them (throws when the bytes are no image). */
export async function imageInfo(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata();
  return { format: meta.format, width: meta.width, height: meta.height };
}

/** Mean of each channel and whether the picture has more than one colour in it. */
export async function pixelStats(bytes: Uint8Array) {
  const stats = await sharp(bytes).stats();
  return {
    means: stats.channels.map((c) => c.mean),
    varied: stats.channels.some((c) => c.max !== c.min),
    isOpaque: stats.isOpaque,
  };
}
