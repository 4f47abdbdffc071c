/**
 * Real audio made in code for media tests:
 *   sineWav({ seconds, rate?, freq? })       a PCM 16-bit mono WAV of a sine tone
 *   findFfmpeg()                             the ffmpeg binary on PATH, or undefined
 *   ffmpegForTests(file)                     the same, registering a failing test under CI when
 *                                            missing (use with describe.runIf for ffmpeg cases)
 *   encodeWith(ffmpegPath, wav, target)      its ogg-opus / ogg-vorbis / m4a / mp3 / flac / webm /
 *                                            mkv / aiff conversion (m4a through a temp file, for
 *                                            a regular "moov first" file)
 *   bytesAttachment(bytes, opts)             an Attachment whose open() yields the bytes in chunks
 *                                            and records how much was pulled and whether aborted
 *   streamedWavAttachment(totalBytes, opts)  a WAV of any size generated chunk by chunk (never held
 *                                            whole), with an optional per-chunk callback
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/command-model/command-types.js';

export function sineWav(opts: { seconds: number; rate?: number; freq?: number; amplitude?: number }): Buffer {
  const rate = opts.rate ?? 16_000;
  const samples = Math.round(opts.seconds * rate);
  const amplitude = opts.amplitude ?? 0.3;
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++)
    out.writeInt16LE(
      Math.round(Math.sin((2 * Math.PI * (opts.freq ?? 440) * i) / rate) * amplitude * 32_767),
      44 + i * 2,
    );
  return out;
}

export function findFfmpeg(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'ffmpeg');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** ffmpeg for the ffmpeg-dependent suites: missing is a warning locally and a failure in CI. */
export function ffmpegForTests(file: string): string | undefined {
  const found = findFfmpeg();
  if (found) return found;
  if (process.env.CI)
    describe('ffmpeg', () => {
      it('is needed in CI', () => {
        expect.fail('CI is set but there is no ffmpeg on PATH (apt-get install ffmpeg)');
      });
    });
  else console.warn(`[${file}] no ffmpeg on PATH: skipping the ffmpeg-dependent cases.`);
  return undefined;
}

export type EncodeTarget = 'ogg-opus' | 'ogg-vorbis' | 'm4a' | 'mp3' | 'flac' | 'webm' | 'mkv' | 'aiff';

const TARGET_ARGS: Record<EncodeTarget, string[]> = {
  'ogg-opus': ['-c:a', 'libopus', '-b:a', '32k', '-f', 'ogg'],
  'ogg-vorbis': ['-c:a', 'libvorbis', '-f', 'ogg'],
  m4a: ['-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', '-f', 'ipod'],
  mp3: ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'],
  flac: ['-c:a', 'flac', '-f', 'flac'],
  webm: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'webm'],
  mkv: ['-c:a', 'libopus', '-b:a', '32k', '-f', 'matroska'],
  aiff: ['-c:a', 'pcm_s16be', '-f', 'aiff'],
};

function run(binary: string, args: string[], stdin: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-hide_banner', '-loglevel', 'error', ...args], { stdio: 'pipe' });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg exited ${code}: ${err}`)),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });
}

export async function encodeWith(binary: string, wav: Buffer, target: EncodeTarget): Promise<Buffer> {
  const args = TARGET_ARGS[target];
  if (target !== 'm4a' && target !== 'aiff') return run(binary, ['-i', 'pipe:0', ...args, 'pipe:1'], wav);
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-audio-'));
  try {
    const file = path.join(dir, `out.${target}`);
    await run(binary, ['-i', 'pipe:0', ...args, file], wav);
    return await readFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface RecordingAttachment extends Attachment {
  /** Bytes handed out by open() so far. */
  readonly pulled: number;
  /** True when the signal passed to open() was aborted. */
  readonly aborted: boolean;
  readonly opens: number;
}

export function bytesAttachment(
  bytes: Uint8Array,
  opts: Partial<Omit<Attachment, 'open'>> & { chunkSize?: number } = {},
): RecordingAttachment {
  const chunkSize = opts.chunkSize ?? 64 * 1024;
  const state = { pulled: 0, aborted: false, opens: 0 };
  const { chunkSize: _, ...fields } = opts;
  return {
    id: 'att-1',
    name: 'clip.bin',
    url: 'https://cdn.example/clip.bin',
    ...fields,
    get pulled() {
      return state.pulled;
    },
    get aborted() {
      return state.aborted;
    },
    get opens() {
      return state.opens;
    },
    async open(signal?: AbortSignal) {
      state.opens++;
      signal?.addEventListener('abort', () => {
        state.aborted = true;
      });
      return (async function* () {
        for (let at = 0; at < bytes.length; at += chunkSize) {
          signal?.throwIfAborted();
          const chunk = bytes.subarray(at, Math.min(bytes.length, at + chunkSize));
          state.pulled += chunk.length;
          yield chunk;
        }
      })();
    },
  };
}

/** A sine-tone WAV of exactly `totalBytes`, produced in 64 KB chunks as it is read. */
export function streamedWavAttachment(
  totalBytes: number,
  opts: { declareSize?: boolean; onChunk?: () => void; name?: string } = {},
): Attachment {
  const rate = 16_000;
  const header = sineWav({ seconds: 0, rate });
  header.writeUInt32LE(totalBytes - 8, 4);
  header.writeUInt32LE(totalBytes - 44, 40);
  const period = sineWav({ seconds: 4, rate }).subarray(44, 44 + 64 * 1024); // 64 KB of samples
  return {
    id: `wav-${totalBytes}`,
    name: opts.name ?? 'long.wav',
    contentType: 'audio/wav',
    url: 'https://cdn.example/long.wav',
    ...(opts.declareSize === false ? {} : { size: totalBytes }),
    async open() {
      return (async function* () {
        yield Buffer.from(header);
        for (let left = totalBytes - header.length; left > 0; left -= period.length) {
          opts.onChunk?.();
          yield Buffer.from(period.subarray(0, Math.min(left, period.length)));
        }
      })();
    },
  };
}
