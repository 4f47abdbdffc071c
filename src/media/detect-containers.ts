/**
 * Sniffers for the containers whose first bytes need a closer look (used by detect.ts):
 *  - Ogg: the codec from the first packet (Opus, Vorbis, FLAC, Speex);
 *  - ISO-BMFF (MP4/M4A/3GP): the brand, and whether the visible track handlers are sound only;
 *  - EBML (WebM/Matroska): the DocType, and whether a video track entry is visible.
 */
import type { SniffedAudio } from './detect.js';

const text = (b: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...b.subarray(at, Math.min(b.length, at + length)));

function indexOf(b: Uint8Array, pattern: readonly number[], from = 0): number {
  outer: for (let i = from; i + pattern.length <= b.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (b[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}
const bytesOf = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffOgg(b: Uint8Array): SniffedAudio {
  const segments = b[26] ?? 0;
  const packet = 27 + segments;
  const base = { container: 'ogg' as const, apiFormat: 'ogg' as const, needsConversion: false };
  if (text(b, packet, 8) === 'OpusHead') return { ...base, codec: 'opus', mimeType: 'audio/ogg' };
  if (text(b, packet, 7) === '\x01vorbis') return { ...base, codec: 'vorbis', mimeType: 'audio/ogg' };
  if (text(b, packet, 5) === '\x7fFLAC') return { ...base, codec: 'flac', mimeType: 'audio/ogg' };
  if (text(b, packet, 8) === 'Speex   ')
    return { container: 'ogg', codec: 'speex', needsConversion: true, mimeType: 'audio/ogg' };
  return { ...base, mimeType: 'audio/ogg' };
}

const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
const HDLR = bytesOf('hdlr');

/** Track handler types ('soun', 'vide', …) visible in the sniffed head. */
function handlers(b: Uint8Array): Set<string> {
  const found = new Set<string>();
  for (let at = indexOf(b, HDLR); at >= 0; at = indexOf(b, HDLR, at + 4))
    if (at + 16 <= b.length) found.add(text(b, at + 12, 4));
  return found;
}

export function sniffMp4(b: Uint8Array): SniffedAudio {
  const brand = text(b, 8, 4);
  const seen = handlers(b);
  const audioOnly = AUDIO_BRANDS.has(brand)
    ? true
    : seen.has('vide')
      ? false
      : seen.has('soun')
        ? true
        : undefined;
  const only = audioOnly === undefined ? {} : { audioOnly };
  if (brand.startsWith('3g'))
    return { container: 'mp4', codec: '3gpp', needsConversion: true, mimeType: 'audio/3gpp', ...only };
  return { container: 'mp4', apiFormat: 'm4a', needsConversion: false, mimeType: 'audio/mp4', ...only };
}

/** EBML: DocType element 0x4282, then a 1-byte size (always in practice), then the name. */
export function sniffWebm(b: Uint8Array): SniffedAudio {
  const at = indexOf(b.subarray(0, 64), [0x42, 0x82]);
  const size = at >= 0 ? (b[at + 2] ?? 0) & 0x7f : 0;
  const docType = at >= 0 ? text(b, at + 3, size) : '';
  // TrackType element (0x83, 1-byte size) inside a TrackEntry: 1 = video, 2 = audio.
  const video = indexOf(b, [0x83, 0x81, 0x01]) >= 0;
  const audio = indexOf(b, [0x83, 0x81, 0x02]) >= 0;
  const only = video ? { audioOnly: false } : audio ? { audioOnly: true } : {};
  if (docType === 'webm')
    return { container: 'webm', apiFormat: 'webm', needsConversion: false, mimeType: 'audio/webm', ...only };
  return { container: 'matroska', needsConversion: true, mimeType: 'audio/x-matroska', ...only };
}
