/**
 * Reads an attachment's audio bytes under limits, with at most ~2 copies of the file in memory.
 *   readAudio(att, limits, signal?)       → { bytes, audio, name }  (bytes: one exact-size view)
 *   readAudioBase64(att, limits, signal?) → { base64, byteLength, audio, name } (bytes dropped)
 * Before downloading: declared type, size and duration are checked. While downloading: the
 * first bytes are sniffed (non-audio aborts at once) and the running total is checked (the
 * download is aborted as soon as it passes `maxBytes`). Chunks go into one buffer preallocated
 * from the declared size (else are kept as they came and copied once), then encoded once.
 * Errors: InputError INPUT.UNSUPPORTED_AUDIO / EMPTY_AUDIO / AUDIO_TOO_LARGE / AUDIO_TOO_LONG.
 */
import type { Attachment } from '../command-model/command-types.js';
import { emptyAudioError, notAudioError, tooLargeError, tooLongError } from './audio-errors.js';
import { declaredKind, detectAudio, SNIFF_BYTES, type SniffedAudio, sniffAudio } from './detect.js';

export interface AudioLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Longest declared duration accepted, in seconds. */
  maxDurationSecs: number;
}

export const DEFAULT_AUDIO_LIMITS: AudioLimits = { maxBytes: 25 * 1024 * 1024, maxDurationSecs: 15 * 60 };

export interface AudioBytes {
  name: string;
  bytes: Buffer;
  audio: SniffedAudio;
}

export interface AudioBase64 {
  name: string;
  base64: string;
  byteLength: number;
  audio: SniffedAudio;
}

export const EARLY_SNIFF_BYTES = 16;

export function checkDeclared(att: Attachment, limits: AudioLimits): void {
  if (declaredKind(att) === 'not-audio') throw notAudioError(att.name, 'not-audio');
  if (att.size === 0) throw emptyAudioError(att.name);
  if (att.size !== undefined && att.size > limits.maxBytes)
    throw tooLargeError(att.name, limits.maxBytes, att.size);
  if (att.durationSecs !== undefined && att.durationSecs > limits.maxDurationSecs)
    throw tooLongError(att.name, limits.maxDurationSecs, att.durationSecs);
}

export function verdict(att: Attachment, head: Uint8Array): SniffedAudio {
  const found = detectAudio(att, head);
  if (!found.ok) throw notAudioError(att.name, found.reason, found.audio?.container);
  return found.audio;
}

/**
 * Chunks → one Buffer. With a declared size: one preallocated buffer, filled in place. Without
 * (or when the declared size was too small): chunks kept as they came, copied once at the end.
 */
export function createCollector(declared: number | undefined) {
  let buffer = declared ? Buffer.allocUnsafe(declared) : undefined;
  const chunks: Uint8Array[] = [];
  let length = 0;
  return {
    get length() {
      return length;
    },
    push(chunk: Uint8Array) {
      if (buffer && length + chunk.byteLength <= buffer.length) buffer.set(chunk, length);
      else {
        if (buffer) chunks.push(buffer.subarray(0, length));
        buffer = undefined;
        chunks.push(chunk);
      }
      length += chunk.byteLength;
    },
    /** The first `max` bytes, contiguous. */
    head(max: number): Buffer {
      return buffer
        ? buffer.subarray(0, Math.min(length, max))
        : Buffer.concat(chunks, Math.min(length, max));
    },
    finish(): Buffer {
      const whole = buffer ? buffer.subarray(0, length) : Buffer.concat(chunks, length);
      chunks.length = 0;
      return whole;
    },
  };
}

/** Download the attachment's bytes under the limits (see the file comment). */
export async function readAudio(
  att: Attachment,
  limits: AudioLimits,
  signal?: AbortSignal,
): Promise<AudioBytes> {
  checkDeclared(att, limits);
  signal?.throwIfAborted();
  const download = new AbortController();
  const onAbort = () => download.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const collected = createCollector(att.size);
  let audio: SniffedAudio | undefined;
  try {
    const stream = await att.open(download.signal);
    for await (const chunk of stream) {
      if (collected.length + chunk.byteLength > limits.maxBytes)
        throw tooLargeError(att.name, limits.maxBytes);
      collected.push(chunk);
      if (audio) continue;
      // No magic number can appear later, so a miss on the first bytes aborts the download now;
      // the fuller verdict (video, or audio-only MP4) waits for SNIFF_BYTES.
      const head = collected.head(SNIFF_BYTES);
      if (head.length >= EARLY_SNIFF_BYTES && !sniffAudio(head)) throw notAudioError(att.name, 'not-audio');
      if (head.length >= SNIFF_BYTES) audio = verdict(att, head);
    }
    signal?.throwIfAborted();
  } catch (err) {
    download.abort(err);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (collected.length === 0) throw emptyAudioError(att.name);
  const bytes = collected.finish();
  audio ??= verdict(att, bytes.subarray(0, SNIFF_BYTES));
  return { name: att.name, bytes, audio };
}

/** Base64 of the bytes in one encode (the caller drops `bytes` afterwards). */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** readAudio, then base64; the byte buffer is released as soon as the string exists. */
export async function readAudioBase64(
  att: Attachment,
  limits: AudioLimits,
  signal?: AbortSignal,
): Promise<AudioBase64> {
  const { name, bytes, audio } = await readAudio(att, limits, signal);
  return { name, base64: toBase64(bytes), byteLength: bytes.byteLength, audio };
}
