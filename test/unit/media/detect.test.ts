import { describe, expect, it } from 'vitest';
import {
  API_AUDIO_FORMATS,
  declaredKind,
  detectAudio,
  mpegFrameLength,
  sniffAudio,
} from '../../../src/media/detect.js';
import { mp3Silence, mp4File } from '../../fakes/openrouter.js';
import { sineWav } from '../../helpers/audio.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

function oggPage(packet: string): Buffer {
  const header = Buffer.alloc(27);
  header.write('OggS', 0, 'latin1');
  header[26] = 1; // one segment
  return Buffer.concat([header, Buffer.from([packet.length]), Buffer.from(packet, 'latin1')]);
}

/** A box: size, type, payload. */
function box(type: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + payload.length);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, payload]);
}
const hdlr = (handler: string) => box('hdlr', bytes([0, 0, 0, 0], [0, 0, 0, 0], handler, [0, 0, 0, 0]));
const ftyp = (brand: string) => box('ftyp', bytes(brand, [0, 0, 0, 0], 'isom'));
const ebml = (docType: string, ...rest: number[][]) =>
  bytes(
    [0x1a, 0x45, 0xdf, 0xa3, 0x80 + 3 + docType.length, 0x42, 0x82, 0x80 + docType.length],
    docType,
    ...rest,
  );

describe('sniffAudio: magic numbers', () => {
  it('knows WAV (RIFF....WAVE) but not other RIFF files', () => {
    expect(sniffAudio(sineWav({ seconds: 0.01 }))).toMatchObject({ container: 'wav', apiFormat: 'wav' });
    expect(sniffAudio(bytes('RIFF', [0, 0, 0, 0], 'AVI LIST'))).toBeUndefined();
  });

  it('tells Ogg Opus, Vorbis, FLAC and Speex apart from the first packet', () => {
    expect(sniffAudio(oggPage('OpusHead\x01\x01'))).toMatchObject({
      container: 'ogg',
      codec: 'opus',
      apiFormat: 'ogg',
    });
    expect(sniffAudio(oggPage('\x01vorbis\x00\x00'))).toMatchObject({ codec: 'vorbis', apiFormat: 'ogg' });
    expect(sniffAudio(oggPage('\x7fFLAC\x01\x00'))).toMatchObject({ codec: 'flac', needsConversion: false });
    expect(sniffAudio(oggPage('Speex   1.2'))).toMatchObject({ codec: 'speex', needsConversion: true });
  });

  it('knows MP3 by ID3 tag or by two consecutive frame headers', () => {
    expect(sniffAudio(bytes('ID3', [4, 0, 0, 0, 0, 0, 0]))).toMatchObject({
      container: 'mp3',
      apiFormat: 'mp3',
    });
    expect(sniffAudio(mp3Silence(3))).toMatchObject({ container: 'mp3', apiFormat: 'mp3' });
    // A valid-looking header whose successor is garbage is not MP3.
    const broken = Buffer.concat([mp3Silence(1), Buffer.alloc(500, 0x11)]);
    expect(sniffAudio(broken)).toBeUndefined();
  });

  it('computes MPEG frame lengths', () => {
    expect(mpegFrameLength(mp3Silence(1), 0)).toBe(417); // MPEG-1 L3 128 kbit/s 44.1 kHz
    expect(mpegFrameLength(Buffer.from([0xff, 0xf3, 0x44, 0xc4]), 0)).toBe(96); // MPEG-2 L3 32 kbit/s 24 kHz
    expect(mpegFrameLength(Buffer.from([0xff, 0xfb, 0xf0, 0x00]), 0)).toBeUndefined(); // bitrate index 15
  });

  it('knows MP4/M4A by ftyp at offset 4, and says when it is audio only', () => {
    expect(sniffAudio(ftyp('M4A '))).toMatchObject({ container: 'mp4', apiFormat: 'm4a', audioOnly: true });
    expect(sniffAudio(Buffer.concat([ftyp('isom'), box('moov', hdlr('soun'))]))).toMatchObject({
      audioOnly: true,
    });
    const video = Buffer.concat([ftyp('isom'), box('moov', Buffer.concat([hdlr('vide'), hdlr('soun')]))]);
    expect(sniffAudio(video)).toMatchObject({ container: 'mp4', audioOnly: false });
    expect(sniffAudio(mp4File())).toMatchObject({ container: 'mp4' });
    expect(sniffAudio(mp4File())?.audioOnly).toBeUndefined();
    expect(sniffAudio(ftyp('3gp4'))).toMatchObject({ codec: '3gpp', needsConversion: true });
  });

  it('knows WebM and Matroska by EBML magic and DocType', () => {
    expect(sniffAudio(ebml('webm'))).toMatchObject({
      container: 'webm',
      apiFormat: 'webm',
      needsConversion: false,
    });
    expect(sniffAudio(ebml('matroska'))).toMatchObject({ container: 'matroska', needsConversion: true });
    expect(sniffAudio(ebml('webm', [0xae, 0x83, 0x83, 0x81, 0x01]))).toMatchObject({ audioOnly: false });
  });

  it('knows FLAC and ADTS AAC (FFF1 / FFF9)', () => {
    expect(sniffAudio(bytes('fLaC', [0, 0, 0, 34]))).toMatchObject({ container: 'flac', apiFormat: 'flac' });
    expect(sniffAudio(Buffer.from([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]))).toMatchObject({
      apiFormat: 'aac',
    });
    expect(sniffAudio(Buffer.from([0xff, 0xf9, 0x50, 0x80, 0x02, 0x1f, 0xfc]))).toMatchObject({
      apiFormat: 'aac',
    });
  });

  it('marks formats the API does not take as needing conversion', () => {
    expect(sniffAudio(bytes('FORM', [0, 0, 0, 0], 'AIFF'))).toMatchObject({
      container: 'aiff',
      needsConversion: true,
    });
    expect(sniffAudio(bytes('#!AMR\n'))).toMatchObject({ container: 'amr', needsConversion: true });
    expect(sniffAudio(bytes('caff', [0, 1, 0, 0]))).toMatchObject({
      container: 'caf',
      needsConversion: true,
    });
    for (const head of [bytes('FORM', [0, 0, 0, 0], 'AIFF'), bytes('#!AMR\n'), ebml('matroska')])
      expect(sniffAudio(head)?.apiFormat).toBeUndefined();
    const formats: readonly string[] = API_AUDIO_FORMATS;
    expect([...formats].sort()).toEqual(['aac', 'flac', 'm4a', 'mp3', 'ogg', 'wav', 'webm']);
  });

  it('rejects non-audio bytes and empty input', () => {
    expect(sniffAudio(Buffer.alloc(0))).toBeUndefined();
    expect(sniffAudio(bytes([0x89], 'PNG\r\n\x1a\n'))).toBeUndefined();
    expect(sniffAudio(bytes('%PDF-1.7\n'))).toBeUndefined();
    expect(sniffAudio(bytes('hello, this is plain text'))).toBeUndefined();
  });
});

describe('declared types and the combined verdict', () => {
  const wav = sineWav({ seconds: 0.01 });

  it('classifies declared content types', () => {
    expect(declaredKind({ contentType: 'audio/ogg; codecs=opus' })).toBe('audio');
    expect(declaredKind({ contentType: 'video/mp4', isVoiceMessage: true })).toBe('audio');
    expect(declaredKind({ contentType: 'video/mp4' })).toBe('maybe');
    expect(declaredKind({})).toBe('maybe');
    expect(declaredKind({ contentType: 'image/png' })).toBe('not-audio');
  });

  it('trusts the bytes over a lying name or content type', () => {
    const png = bytes([0x89], 'PNG\r\n\x1a\n', [0, 0, 0, 0]);
    expect(detectAudio({ contentType: 'audio/mpeg' }, png)).toEqual({ ok: false, reason: 'not-audio' });
    expect(detectAudio({ contentType: 'audio/mpeg' }, wav)).toMatchObject({
      ok: true,
      audio: { apiFormat: 'wav' },
    });
    expect(detectAudio({ contentType: 'application/octet-stream' }, wav)).toMatchObject({ ok: true });
    expect(detectAudio({ contentType: 'text/plain' }, wav)).toMatchObject({ ok: false, reason: 'not-audio' });
  });

  it('takes video/mp4 only as a voice clip or when the tracks are sound only', () => {
    const soundOnly = Buffer.concat([ftyp('isom'), box('moov', hdlr('soun'))]);
    const withVideo = Buffer.concat([ftyp('isom'), box('moov', Buffer.concat([hdlr('vide'), hdlr('soun')]))]);
    expect(detectAudio({ contentType: 'video/mp4' }, soundOnly)).toMatchObject({ ok: true });
    expect(detectAudio({ contentType: 'video/mp4' }, withVideo)).toMatchObject({
      ok: false,
      reason: 'video',
    });
    expect(detectAudio({ contentType: 'video/mp4' }, mp4File())).toMatchObject({
      ok: false,
      reason: 'video',
    });
    expect(detectAudio({ contentType: 'video/mp4', isVoiceMessage: true }, mp4File())).toMatchObject({
      ok: true,
    });
  });
});
