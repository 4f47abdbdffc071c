/**
 * Is this attachment audio, and in which format? Two independent signals, the bytes winning:
 *  - `declaredKind(att)`: what the platform says (content type, voice flag) — used only to refuse
 *    obvious non-audio before downloading; names are never trusted.
 *  - `sniffAudio(head)`: magic numbers in the first bytes (pass up to SNIFF_BYTES) → container,
 *    codec, the `input_audio.format` value the transcription API takes, or `needsConversion`.
 *  - `detectAudio(att, head)` combines both into one verdict.
 * Accepted as is (API.md §7 / openapi STTInputAudio): wav, mp3, flac, m4a, ogg, webm, aac.
 */
import type { Attachment } from '../command-model/command-types.js';
import { sniffMp4, sniffOgg, sniffWebm } from './detect-containers.js';

export const SNIFF_BYTES = 64 * 1024;
export const API_AUDIO_FORMATS = ['wav', 'mp3', 'flac', 'm4a', 'ogg', 'webm', 'aac'] as const;
export type ApiAudioFormat = (typeof API_AUDIO_FORMATS)[number];

export interface SniffedAudio {
  /** Container or stream type found in the bytes (also a readable name for messages). */
  container:
    | 'wav'
    | 'mp3'
    | 'ogg'
    | 'flac'
    | 'mp4'
    | 'webm'
    | 'matroska'
    | 'aac'
    | 'aiff'
    | 'amr'
    | 'caf'
    | 'asf';
  codec?: string;
  /** The `input_audio.format` to send; absent when the API does not take this format. */
  apiFormat?: ApiAudioFormat;
  needsConversion: boolean;
  /** For containers that can hold video: true/false when the header says, undefined when unknown. */
  audioOnly?: boolean;
  mimeType: string;
}

export type DeclaredKind = 'audio' | 'maybe' | 'not-audio';

export type Detection =
  | { ok: true; audio: SniffedAudio }
  | { ok: false; reason: 'not-audio' | 'video' | 'unsupported'; audio?: SniffedAudio };

const ascii = (b: Uint8Array, at: number, text: string) =>
  b.length >= at + text.length && [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

const accepted = (container: SniffedAudio['container'], apiFormat: ApiAudioFormat, mimeType: string) => ({
  container,
  apiFormat,
  needsConversion: false,
  mimeType,
});
const convert = (container: SniffedAudio['container'], mimeType: string, codec?: string): SniffedAudio => ({
  container,
  needsConversion: true,
  mimeType,
  ...(codec ? { codec } : {}),
});

/** MPEG audio frame header at `at` (layers I-III); returns its length in bytes or undefined. */
export function mpegFrameLength(b: Uint8Array, at: number): number | undefined {
  const [b0, b1, b2] = [b[at], b[at + 1], b[at + 2]];
  if (b0 !== 0xff || b1 === undefined || b2 === undefined || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3; // 0: 2.5, 2: 2, 3: 1
  const layer = (b1 >> 1) & 3; // 1: III, 2: II, 3: I
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return undefined;
  const v1 = version === 3;
  const table = layer === 3 ? (v1 ? L1_V1 : L1_V2) : layer === 2 ? (v1 ? L2_V1 : L3_V2) : v1 ? L3_V1 : L3_V2;
  const bitrate = (table[bitrateIndex] ?? 0) * 1000;
  const rate = ([44_100, 48_000, 32_000][rateIndex] ?? 0) / (v1 ? 1 : version === 2 ? 2 : 4);
  const padding = (b2 >> 1) & 1;
  if (layer === 3) return (Math.floor((12 * bitrate) / rate) + padding) * 4;
  return Math.floor(((layer === 1 && !v1 ? 72 : 144) * bitrate) / rate) + padding;
}
const L1_V1 = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
const L1_V2 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
const L2_V1 = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
const L3_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const L3_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** A plausible MPEG stream: a valid header whose successor (when inside `b`) is valid too. */
function looksLikeMpeg(b: Uint8Array, at: number): boolean {
  const length = mpegFrameLength(b, at);
  if (length === undefined) return false;
  return at + length + 3 > b.length || mpegFrameLength(b, at + length) !== undefined;
}

function isAdts(b: Uint8Array, at = 0): boolean {
  const b1 = b[at + 1];
  return b[at] === 0xff && b1 !== undefined && (b1 & 0xf6) === 0xf0 && ((b[at + 2] ?? 0xff) >> 2) % 16 < 13;
}

/** Identify audio from its first bytes; undefined when the bytes are no audio format we know. */
export function sniffAudio(b: Uint8Array): SniffedAudio | undefined {
  if ((ascii(b, 0, 'RIFF') || ascii(b, 0, 'RF64')) && ascii(b, 8, 'WAVE'))
    return accepted('wav', 'wav', 'audio/wav');
  if (ascii(b, 0, 'OggS')) return sniffOgg(b);
  if (ascii(b, 0, 'fLaC')) return accepted('flac', 'flac', 'audio/flac');
  if (ascii(b, 4, 'ftyp')) return sniffMp4(b);
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return sniffWebm(b);
  if (ascii(b, 0, 'FORM') && (ascii(b, 8, 'AIFF') || ascii(b, 8, 'AIFC')))
    return convert('aiff', 'audio/aiff');
  if (ascii(b, 0, '#!AMR')) return convert('amr', 'audio/amr');
  if (ascii(b, 0, 'caff')) return convert('caf', 'audio/x-caf');
  if (b[0] === 0x30 && b[1] === 0x26 && b[2] === 0xb2 && b[3] === 0x75)
    return convert('asf', 'audio/x-ms-wma');
  if (ascii(b, 0, 'ID3') && b.length >= 10) {
    const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
    const next = 10 + size + ((b[5]! & 0x10) !== 0 ? 10 : 0);
    if (next + 4 <= b.length && isAdts(b, next)) return accepted('aac', 'aac', 'audio/aac');
    return accepted('mp3', 'mp3', 'audio/mpeg');
  }
  if (isAdts(b)) return accepted('aac', 'aac', 'audio/aac');
  if (looksLikeMpeg(b, 0)) return accepted('mp3', 'mp3', 'audio/mpeg');
  return undefined;
}

const baseType = (contentType?: string) => contentType?.split(';')[0]?.trim().toLowerCase() ?? '';

/** What the platform declares (before any byte is read). */
export function declaredKind(att: Pick<Attachment, 'contentType' | 'isVoiceMessage'>): DeclaredKind {
  const type = baseType(att.contentType);
  if (att.isVoiceMessage || type.startsWith('audio/')) return 'audio';
  if (type === '' || type === 'application/octet-stream' || type === 'video/mp4' || type === 'video/webm')
    return 'maybe';
  if (type === 'application/ogg' || type === 'video/ogg') return 'maybe';
  return 'not-audio';
}

/** The verdict: declared type and sniffed bytes together (the bytes decide the format). */
export function detectAudio(
  att: Pick<Attachment, 'contentType' | 'isVoiceMessage'>,
  head: Uint8Array,
): Detection {
  const declared = declaredKind(att);
  if (declared === 'not-audio') return { ok: false, reason: 'not-audio' };
  const audio = sniffAudio(head);
  if (!audio) return { ok: false, reason: 'not-audio' };
  if (audio.audioOnly === false || (audio.audioOnly === undefined && audio.container === 'mp4'))
    if (declared !== 'audio') return { ok: false, reason: 'video', audio };
  return { ok: true, audio };
}

/** The first file of a message that may be audio (voice notes first). */
export function audioOf(files: readonly Attachment[]): Attachment | undefined {
  return files.find((f) => f.isVoiceMessage) ?? files.find((f) => declaredKind(f) !== 'not-audio');
}
