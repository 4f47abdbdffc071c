/**
 * Joins MP3 files without ffmpeg: `concatMp3(pieces)` keeps only the MPEG audio frames of each
 * piece — ID3v2 headers, ID3v1 trailers and Xing/Info/VBRI header frames (whose frame counts
 * would describe one piece only) are dropped — and concatenates them. Frames of CBR pieces from
 * one TTS model line up exactly; players see one continuous stream.
 */
import { mpegFrameLength } from './detect.js';

function id3v2Length(b: Buffer): number {
  if (b.length < 10 || b.toString('latin1', 0, 3) !== 'ID3') return 0;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + size + ((b[5]! & 0x10) !== 0 ? 10 : 0);
}

/** True when the frame at `at` carries a Xing / Info / VBRI header instead of audio. */
function isInfoFrame(b: Buffer, at: number, length: number): boolean {
  // Right after the side information (9, 17 or 32 bytes, after a 4-byte header and optional CRC).
  return [13, 15, 21, 23, 36, 38].some((offset) => {
    if (offset + 4 > length) return false;
    const tag = b.toString('latin1', at + offset, at + offset + 4);
    return tag === 'Xing' || tag === 'Info' || (offset === 36 && tag === 'VBRI');
  });
}

/** The byte ranges of the audio frames in one MP3 file. */
export function mp3Frames(piece: Uint8Array): Buffer[] {
  const b = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  let end = b.length;
  if (end >= 128 && b.toString('latin1', end - 128, end - 125) === 'TAG') end -= 128;
  const frames: Buffer[] = [];
  let at = id3v2Length(b);
  let first = true;
  while (at + 4 <= end) {
    const length = mpegFrameLength(b, at);
    if (length === undefined || length < 4) {
      at++; // resync past junk
      continue;
    }
    const stop = Math.min(end, at + length);
    if (!(first && isInfoFrame(b, at, stop - at))) frames.push(b.subarray(at, stop));
    first = false;
    at = stop;
  }
  return frames;
}

export function concatMp3(pieces: readonly Uint8Array[]): Buffer {
  return Buffer.concat(pieces.flatMap(mp3Frames));
}
