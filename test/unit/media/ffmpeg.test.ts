/** The ffmpeg port and conversions against the real binary (and a missing / fake one). */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwitchboardError } from '../../../src/common/errors.js';
import { concatAudio, convertForApi, indexFirst } from '../../../src/media/audio-convert.js';
import { sniffAudio } from '../../../src/media/detect.js';
import { createFfmpeg } from '../../../src/media/ffmpeg.js';
import type { AudioBytes } from '../../../src/media/read-audio.js';
import { makeVoiceMessage } from '../../../src/media/voice-message.js';
import { encodeWith, ffmpegForTests, sineWav } from '../../helpers/audio.js';

const ffmpegPath = ffmpegForTests('ffmpeg.test');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-ffmpeg-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fileOf = (bytes: Buffer, name = 'clip'): AudioBytes => {
  const audio = sniffAudio(bytes);
  if (!audio) throw new Error('test input is not audio');
  return { name, bytes, audio };
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SwitchboardError);
  return (err as SwitchboardError).code;
}

describe('without ffmpeg', () => {
  it('probes once, answers false, and refuses conversions naming the format', async () => {
    const counter = path.join(dir, 'count');
    const fake = path.join(dir, 'no-ffmpeg.sh');
    await writeFile(fake, `#!/bin/sh\necho run >> '${counter}'\nexit 127\n`);
    await chmod(fake, 0o755);
    const ffmpeg = createFfmpeg({ path: fake });
    expect(await Promise.all([ffmpeg.available(), ffmpeg.available()])).toEqual([false, false]);
    expect(await ffmpeg.available()).toBe(false);
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(1);

    const aiff = Buffer.concat([Buffer.from('FORM\0\0\0\0AIFF', 'latin1'), Buffer.alloc(100)]);
    const err = await convertForApi(ffmpeg, fileOf(aiff, 'memo.aiff')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MEDIA.FFMPEG_MISSING' });
    expect((err as SwitchboardError).userMessage).toMatch(
      /Transcribing memo\.aiff needs ffmpeg to convert AIFF audio/,
    );
    expect(await codeOf(makeVoiceMessage(undefined, sineWav({ seconds: 1 }), { format: 'MP3' }))).toBe(
      'MEDIA.FFMPEG_MISSING',
    );
  });

  it('treats a binary that is not on PATH as unavailable', async () => {
    expect(await createFfmpeg({ path: path.join(dir, 'nope', 'ffmpeg') }).available()).toBe(false);
  });
});

describe.runIf(ffmpegPath)('with ffmpeg', () => {
  const ffmpeg = createFfmpeg({ path: ffmpegPath ?? 'ffmpeg' });
  const wav = sineWav({ seconds: 2 });

  it('is available', async () => {
    expect(await ffmpeg.available()).toBe(true);
  });

  it('converts a format the API does not take (AIFF, Matroska) to mp3 through pipes', async () => {
    for (const target of ['aiff', 'mkv'] as const) {
      const input = await encodeWith(ffmpegPath!, wav, target);
      expect(sniffAudio(input)?.needsConversion).toBe(true);
      const out = await convertForApi(ffmpeg, fileOf(input));
      expect(out.format).toBe('mp3');
      expect(sniffAudio(out.bytes)).toMatchObject({ container: 'mp3' });
      const voice = await makeVoiceMessage(ffmpeg, out.bytes);
      expect(voice.durationSecs).toBeGreaterThan(1.9);
      expect(voice.durationSecs).toBeLessThan(2.2);
    }
  });

  it('reads a 3GP whose index is at the end (temp-file fallback)', async () => {
    const file = path.join(dir, 'late-moov.3gp');
    const { spawnSync } = await import('node:child_process');
    const long = sineWav({ seconds: 10 }); // big enough that ffmpeg cannot buffer its way to the index
    const made = spawnSync(
      ffmpegPath!,
      ['-y', '-loglevel', 'error', '-i', 'pipe:0', '-c:a', 'aac', '-f', '3gp', file],
      {
        input: long,
      },
    );
    expect(made.status).toBe(0);
    const input = await readFile(file);
    expect(sniffAudio(input)).toMatchObject({ codec: '3gpp', needsConversion: true });
    expect(indexFirst(input)).toBe(false);
    const out = await convertForApi(ffmpeg, fileOf(input));
    expect(sniffAudio(out.bytes)?.container).toBe('mp3');
    const voice = await makeVoiceMessage(ffmpeg, out.bytes);
    expect(voice.durationSecs).toBeGreaterThan(9.9);
  });

  it('turns undecodable audio into INPUT.CORRUPT_AUDIO, never a crash', async () => {
    const aiffHead = Buffer.concat([Buffer.from('FORM\0\0\0\x20AIFF', 'latin1'), Buffer.alloc(3000, 0x5a)]);
    const err = await convertForApi(ffmpeg, fileOf(aiffHead, 'broken.aiff')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INPUT.CORRUPT_AUDIO' });
    expect((err as SwitchboardError).userMessage).toContain(
      'broken.aiff looks like AIFF audio but could not be decoded',
    );
  });

  it('makes a voice message: Ogg/Opus, exact duration, ≤ 256-byte waveform', async () => {
    const loudThenQuiet = Buffer.concat([
      sineWav({ seconds: 3, amplitude: 0.8 }),
      sineWav({ seconds: 3, amplitude: 0.05 }).subarray(44),
    ]);
    loudThenQuiet.writeUInt32LE(loudThenQuiet.length - 8, 4);
    loudThenQuiet.writeUInt32LE(loudThenQuiet.length - 44, 40);
    const voice = await makeVoiceMessage(ffmpeg, loudThenQuiet);
    expect(sniffAudio(voice.data)).toMatchObject({ container: 'ogg', codec: 'opus' });
    expect(voice.durationSecs).toBeCloseTo(6, 1);
    const points = Buffer.from(voice.waveform, 'base64');
    expect(points.length).toBe(256);
    expect(Math.min(...points.subarray(0, 120))).toBeGreaterThan(200);
    expect(Math.max(...points.subarray(136))).toBeLessThan(40);
  });

  it('concatenates pieces into one file', async () => {
    const mp3 = await encodeWith(ffmpegPath!, sineWav({ seconds: 1 }), 'mp3');
    const joined = await concatAudio(ffmpeg, [mp3, mp3, mp3], { to: 'mp3' });
    const voice = await makeVoiceMessage(ffmpeg, joined);
    expect(voice.durationSecs).toBeGreaterThan(2.9);
    expect(voice.durationSecs).toBeLessThan(3.45); // each MP3 piece carries encoder padding
  });

  it('stops a run on timeout and on abort', async () => {
    const slow = createFfmpeg({ path: ffmpegPath ?? 'ffmpeg', timeoutMs: 300 });
    const endless = ['-re', '-f', 'lavfi', '-i', 'anullsrc', '-f', 'null', '-'];
    expect(await codeOf(slow.run(endless, { what: 'endless' }))).toBe('MEDIA.FFMPEG_TIMEOUT');
    const controller = new AbortController();
    const running = ffmpeg.run(endless, { what: 'endless', signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(running).rejects.toThrow('caller gave up');
  });
});
