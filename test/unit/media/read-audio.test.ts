import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { readAudio, readAudioBase64, toBase64 } from '../../../src/media/read-audio.js';
import { bytesAttachment, sineWav } from '../../helpers/audio.js';

const limits = { maxBytes: 1024 * 1024, maxDurationSecs: 60 };

async function failure(promise: Promise<unknown>): Promise<InputError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

describe('readAudio limits', () => {
  it('reads a WAV exactly and detects its format', async () => {
    const wav = sineWav({ seconds: 1 });
    const att = bytesAttachment(wav, { name: 'note.wav', contentType: 'audio/wav', chunkSize: 1000 });
    const file = await readAudio(att, limits);
    expect(file.audio).toMatchObject({ container: 'wav', apiFormat: 'wav' });
    expect(file.bytes.equals(wav)).toBe(true);
  });

  it('refuses a declared size above the cap before downloading', async () => {
    const att = bytesAttachment(sineWav({ seconds: 1 }), { name: 'big.wav', size: 5 * 1024 * 1024 });
    const err = await failure(readAudio(att, limits));
    expect(err.code).toBe('INPUT.AUDIO_TOO_LARGE');
    expect(err.userMessage).toContain('5 MB; the limit is 1 MB');
    expect(att.opens).toBe(0);
  });

  it('aborts the download as soon as the actual bytes pass the cap (declared size lies)', async () => {
    const wav = sineWav({ seconds: 60 }); // ~1.9 MB
    const att = bytesAttachment(wav, { name: 'liar.wav', size: 1000, chunkSize: 64 * 1024 });
    const err = await failure(readAudio(att, limits));
    expect(err.code).toBe('INPUT.AUDIO_TOO_LARGE');
    expect(err.userMessage).toMatch(/larger than 1 MB.*shorter recording/);
    expect(att.aborted).toBe(true);
    expect(att.pulled).toBeLessThanOrEqual(limits.maxBytes + 64 * 1024);
  });

  it('aborts at once when the first bytes are not audio, whatever the name says', async () => {
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(500_000, 7)]);
    const att = bytesAttachment(png, { name: 'song.mp3', contentType: 'audio/mpeg', chunkSize: 4096 });
    const err = await failure(readAudio(att, limits));
    expect(err.code).toBe('INPUT.UNSUPPORTED_AUDIO');
    expect(err.userMessage).toContain('song.mp3 is not an audio file');
    expect(att.pulled).toBe(4096);
    expect(att.aborted).toBe(true);
  });

  it('refuses declared non-audio types without downloading', async () => {
    const att = bytesAttachment(sineWav({ seconds: 0.1 }), { name: 'x.png', contentType: 'image/png' });
    expect((await failure(readAudio(att, limits))).code).toBe('INPUT.UNSUPPORTED_AUDIO');
    expect(att.opens).toBe(0);
  });

  it('refuses empty files, declared or actual', async () => {
    const declared = await failure(
      readAudio(bytesAttachment(Buffer.alloc(0), { name: 'e.ogg', size: 0 }), limits),
    );
    expect(declared.code).toBe('INPUT.EMPTY_AUDIO');
    const actual = await failure(readAudio(bytesAttachment(Buffer.alloc(0), { name: 'e.ogg' }), limits));
    expect(actual.code).toBe('INPUT.EMPTY_AUDIO');
    expect(actual.userMessage).toContain('e.ogg is empty');
  });

  it('refuses a declared duration above the cap, stating the limit', async () => {
    const att = bytesAttachment(sineWav({ seconds: 0.1 }), {
      name: 'v.ogg',
      isVoiceMessage: true,
      durationSecs: 125,
    });
    const err = await failure(readAudio(att, limits));
    expect(err.code).toBe('INPUT.AUDIO_TOO_LONG');
    expect(err.userMessage).toBe(
      'v.ogg is 125 seconds long; the limit is 1 minute. Please split it into shorter parts.',
    );
    expect(att.opens).toBe(0);
  });

  it('refuses video in an MP4 that is not declared as a voice clip', async () => {
    const mp4 = Buffer.alloc(2000);
    mp4.writeUInt32BE(16, 0);
    mp4.write('ftypisom', 4, 'latin1');
    mp4.write('hdlr\0\0\0\0\0\0\0\0vide', 100, 'latin1');
    const err = await failure(
      readAudio(bytesAttachment(mp4, { name: 'clip.mp4', contentType: 'video/mp4' }), limits),
    );
    expect(err.userMessage).toContain('looks like a video');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user went away'));
    await expect(
      readAudio(bytesAttachment(sineWav({ seconds: 1 })), limits, controller.signal),
    ).rejects.toThrow('user went away');
  });
});

describe('base64', () => {
  it('matches Buffer base64 for every length remainder and for views into larger buffers', () => {
    const big = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) % 256));
    for (const length of [0, 1, 2, 3, 4, 5, 998])
      for (const offset of [0, 1, 2]) {
        const view = big.subarray(offset, offset + length);
        expect(toBase64(view)).toBe(Buffer.from(view).toString('base64'));
        expect(Buffer.from(toBase64(view), 'base64').equals(view)).toBe(true);
      }
  });

  it('readAudioBase64 round-trips a file read in odd-sized chunks (grown buffer)', async () => {
    const wav = sineWav({ seconds: 3, freq: 523 });
    const att = bytesAttachment(wav, { name: 'a.wav', chunkSize: 7777 }); // no declared size
    const out = await readAudioBase64(att, limits);
    expect(out.byteLength).toBe(wav.length);
    expect(Buffer.from(out.base64, 'base64').equals(wav)).toBe(true);
    expect(out.audio.apiFormat).toBe('wav');
  });
});
