/**
 * Conversions over the ffmpeg port (all stdin → stdout pipes):
 *   convertForApi(ffmpeg, file, signal?) → { bytes, format: 'mp3' }   any decodable input → mono 16 kHz mp3
 *   concatAudio(ffmpeg, pieces, { pcm?, to, signal? }) → Buffer      pieces joined, encoded once
 *   encodeArgs(to) / decodeArgs(pcm?)                                  argument builders
 * MP4-family input whose index (`moov`) follows its data cannot be read from a pipe; only then
 * is it written to a private temp file. Undecodable user input → INPUT.CORRUPT_AUDIO; a missing ffmpeg
 * → MEDIA.FFMPEG_MISSING naming the format; failures on our own audio → MEDIA.FFMPEG_FAILED.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corruptAudioError, ffmpegFailedError, ffmpegMissingError } from './audio-errors.js';
import type { ApiAudioFormat } from './detect.js';
import { type Ffmpeg, FfmpegFailure, pipeFds } from './ffmpeg.js';
import { mp3Frames } from './mp3-concat.js';
import type { AudioBytes } from './read-audio.js';

export type AudioEncoding = 'mp3' | 'ogg-opus' | 's16le';

/** Raw 16-bit little-endian mono PCM at this rate (TTS `pcm` answers). */
export interface RawPcm {
  sampleRate: number;
}

export const decodeArgs = (pcm?: RawPcm): string[] =>
  pcm ? ['-f', 's16le', '-ar', String(pcm.sampleRate), '-ac', '1'] : [];

export function encodeArgs(
  to: AudioEncoding,
  opts: { sampleRate?: number; bitrate?: string } = {},
): string[] {
  const rate = opts.sampleRate ? ['-ar', String(opts.sampleRate)] : [];
  if (to === 'mp3') return ['-c:a', 'libmp3lame', '-b:a', opts.bitrate ?? '96k', ...rate, '-f', 'mp3'];
  if (to === 'ogg-opus') return ['-c:a', 'libopus', '-b:a', '48k', '-ar', '48000', '-ac', '1', '-f', 'ogg'];
  return ['-ac', '1', ...rate, '-f', 's16le'];
}

/** Throws MEDIA.FFMPEG_MISSING unless ffmpeg can run. */
export async function requireFfmpeg(ffmpeg: Ffmpeg | undefined, format: string, purpose: string) {
  if (!ffmpeg || !(await ffmpeg.available())) throw ffmpegMissingError(format, purpose);
  return ffmpeg;
}

const describe = (file: AudioBytes) =>
  file.audio.codec && file.audio.container !== 'mp4'
    ? `${file.audio.container.toUpperCase()}/${file.audio.codec}`
    : file.audio.container.toUpperCase();

/** Any audio ffmpeg can decode → mono 16 kHz mp3 (what every transcription provider takes). */
export async function convertForApi(
  ffmpeg: Ffmpeg | undefined,
  file: AudioBytes,
  signal?: AbortSignal,
): Promise<{ bytes: Buffer; format: ApiAudioFormat }> {
  const ff = await requireFfmpeg(ffmpeg, describe(file), `Transcribing ${file.name}`);
  const out = [
    '-vn',
    '-map',
    '0:a:0',
    '-ac',
    '1',
    ...encodeArgs('mp3', { sampleRate: 16_000, bitrate: '48k' }),
    'pipe:1',
  ];
  const what = `convert ${file.audio.container} for transcription`;
  const once = (input: string, stdin?: Uint8Array) =>
    ff.run(['-i', input, ...out], { what, ...(stdin ? { stdin } : {}), ...(signal ? { signal } : {}) });
  try {
    const bytes =
      file.audio.container === 'mp4' && !indexFirst(file.bytes)
        ? await withTempFile(file.bytes, (path) => once(path))
        : await once('pipe:0', file.bytes);
    if (mp3Frames(bytes).length === 0) throw corruptAudioError(file.name, describe(file));
    return { bytes, format: 'mp3' };
  } catch (err) {
    if (err instanceof FfmpegFailure) throw corruptAudioError(file.name, describe(file), err);
    throw err;
  }
}

/** ISO-BMFF: does `moov` come before `mdat` (readable from a pipe)? */
export function indexFirst(b: Buffer): boolean {
  for (let at = 0; at + 8 <= b.length; ) {
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'moov') return true;
    if (type === 'mdat') return false;
    const size = b.readUInt32BE(at);
    const length = size === 1 && at + 16 <= b.length ? Number(b.readBigUInt64BE(at + 8)) : size;
    if (length < 8) return false;
    at += length;
  }
  return false;
}

async function withTempFile<T>(bytes: Uint8Array, work: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-audio-'));
  try {
    const path = join(dir, 'input');
    await writeFile(path, bytes, { mode: 0o600 });
    return await work(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Join pieces of the same kind into one file, one pipe per piece and ffmpeg's concat filter. */
export async function concatAudio(
  ffmpeg: Ffmpeg,
  pieces: readonly Uint8Array[],
  opts: { pcm?: RawPcm; to: AudioEncoding; sampleRate?: number; signal?: AbortSignal },
): Promise<Buffer> {
  const fds = pipeFds(pieces.length).inputs;
  const inputs = fds.flatMap((fd) => [...decodeArgs(opts.pcm), '-i', fd]);
  const labels = fds.map((_, i) => `[${i}:a:0]`).join('');
  const args = [
    ...inputs,
    '-filter_complex',
    `${labels}concat=n=${pieces.length}:v=0:a=1[out]`,
    '-map',
    '[out]',
    ...encodeArgs(opts.to, opts.sampleRate ? { sampleRate: opts.sampleRate } : {}),
    'pipe:1',
  ];
  try {
    return await ffmpeg.run(args, {
      inputs: pieces,
      what: `concat ${pieces.length} pieces`,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof FfmpegFailure) throw ffmpegFailedError(err.what, err.stderr);
    throw err;
  }
}
