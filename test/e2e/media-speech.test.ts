/**
 * The speech service end to end: real undici client → fake OpenRouter on loopback; long text is
 * split into several requests and joined (ffmpeg when present, MPEG frames or PCM otherwise);
 * voice messages through the real ffmpeg.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { sniffAudio } from '../../src/media/detect.js';
import { createFfmpeg } from '../../src/media/ffmpeg.js';
import { mp3Frames } from '../../src/media/mp3-concat.js';
import { createSpeechService, type SpeechConfig } from '../../src/media/speech-service.js';
import { ffmpegForTests } from '../helpers/audio.js';
import { useOpenRouterClient } from '../helpers/use-fake-openrouter.js';

const API_KEY = 'sk-or-v1-media-e2e-0123456789abcdef';
const ffmpegPath = ffmpegForTests('media-speech.test');
const logger = pino({ level: 'silent' });
const LONG = Array.from(
  { length: 12 },
  (_, i) => `This is sentence number ${i + 1} of a long answer that is read aloud.`,
).join(' ');

const { openrouter: fake, client } = useOpenRouterClient(API_KEY);

const service = (ffmpegBinary: string, config: Partial<SpeechConfig> = {}) =>
  createSpeechService(
    { model: 'openai/gpt-4o-mini-tts', voice: 'alloy', maxCharsPerRequest: 200, ...config },
    { client, logger, ffmpeg: createFfmpeg({ path: ffmpegBinary }) },
  );
const inputs = () =>
  fake.requests.filter((r) => r.path === '/audio/speech').map((r) => r.body as Record<string, unknown>);
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('speech without ffmpeg', () => {
  const noFfmpeg = () => service('/nonexistent/ffmpeg');

  it('synthesizes short text as one mp3 request with the chosen voice, model and speed', async () => {
    const audio = await noFfmpeg().speak({
      text: 'Hello team.',
      voice: 'nova',
      model: 'openai/tts-1',
      speed: 1.25,
    });
    expect(inputs()).toEqual([
      { model: 'openai/tts-1', input: 'Hello team.', voice: 'nova', speed: 1.25, response_format: 'mp3' },
    ]);
    expect(audio).toMatchObject({ contentType: 'audio/mpeg', fileName: 'speech.mp3', format: 'mp3' });
    expect(audio.meta).toMatchObject({ pieces: 1, joinedWith: 'single', voice: 'nova', chars: 11 });
    expect(audio.meta.generationIds).toHaveLength(1);
    expect(sniffAudio(audio.data)?.container).toBe('mp3');
  });

  it('splits long text at sentences into several requests and joins the MP3 frames', async () => {
    const audio = await noFfmpeg().speak({ text: LONG });
    const sent = inputs().map((b) => String(b.input));
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const piece of sent) {
      expect(piece.length).toBeLessThanOrEqual(200);
      expect(piece).toMatch(/aloud\.$/);
    }
    expect(words(sent.join(' '))).toEqual(words(LONG));
    expect(audio.meta).toMatchObject({ pieces: sent.length, joinedWith: 'frames' });
    // The fake answers ceil(min(24000, 400 × chars) / 1152) silent frames per piece.
    const expected = sent.reduce(
      (n, s) => n + Math.max(2, Math.ceil(Math.min(24_000, 400 * s.length) / 1152)),
      0,
    );
    expect(mp3Frames(audio.data)).toHaveLength(expected);
  });

  it('joins PCM pieces into one WAV with an exact duration', async () => {
    const audio = await noFfmpeg().speak({ text: LONG, format: 'wav' });
    const sent = inputs();
    expect(sent.every((b) => b.response_format === 'pcm')).toBe(true);
    const samples = sent.reduce((n, b) => n + Math.min(24_000, 400 * String(b.input).length), 0);
    expect(audio).toMatchObject({ contentType: 'audio/wav', fileName: 'speech.wav' });
    expect(audio.data.length).toBe(44 + samples * 2);
    expect(audio.data.readUInt32LE(40)).toBe(samples * 2);
    expect(audio.data.readUInt32LE(24)).toBe(24_000);
    expect(audio.meta.durationSecs).toBeCloseTo(samples / 24_000, 2);
  });

  it('refuses empty and too-long text without calling the API', async () => {
    const svc = service('/nonexistent/ffmpeg', { maxTotalChars: 500 });
    await expect(svc.speak({ text: '   ' })).rejects.toMatchObject({ code: 'INPUT.TEXT_EMPTY' });
    await expect(svc.speak({ text: 'x'.repeat(501) })).rejects.toMatchObject({
      code: 'INPUT.TEXT_TOO_LONG',
      userMessage: expect.stringContaining('at most 500 can be read aloud'),
    });
    expect(fake.count('/audio/speech')).toBe(0);
  });

  it('says a voice message needs ffmpeg', async () => {
    const svc = noFfmpeg();
    expect(await svc.canMakeVoiceMessages()).toBe(false);
    const audio = await svc.speak({ text: 'Hi.' });
    await expect(svc.voiceMessage(audio)).rejects.toMatchObject({ code: 'MEDIA.FFMPEG_MISSING' });
  });
});

describe.runIf(ffmpegPath)('speech with ffmpeg', () => {
  const withFfmpeg = () => service(ffmpegPath ?? 'ffmpeg');

  it('joins long-text MP3 pieces with ffmpeg into one playable file', async () => {
    const svc = withFfmpeg();
    const audio = await svc.speak({ text: LONG });
    expect(fake.count('/audio/speech')).toBeGreaterThanOrEqual(4);
    expect(audio.meta.joinedWith).toBe('ffmpeg');
    expect(sniffAudio(audio.data)?.container).toBe('mp3');
    // Each piece: ceil(min(24000, 400 × chars) / 1152) MPEG-1 frames of 1152 samples at 44.1 kHz.
    const frames = inputs().reduce(
      (n, b) => n + Math.ceil(Math.min(24_000, 400 * String(b.input).length) / 1152),
      0,
    );
    const expectedSecs = (frames * 1152) / 44_100;
    const voice = await svc.voiceMessage(audio);
    expect(voice.durationSecs).toBeGreaterThan(expectedSecs - 0.1);
    expect(voice.durationSecs).toBeLessThan(expectedSecs + 0.5);
  });

  it('makes a voice message: Ogg/Opus 48 kHz mono, duration and a ≤ 256-byte waveform', async () => {
    const svc = withFfmpeg();
    expect(await svc.canMakeVoiceMessages()).toBe(true);
    const audio = await svc.speak({ text: LONG, format: 'pcm' });
    const voice = await svc.voiceMessage(audio);
    expect(voice).toMatchObject({ contentType: 'audio/ogg', fileName: 'voice-message.ogg' });
    const ogg = sniffAudio(voice.data);
    expect(ogg).toMatchObject({ container: 'ogg', codec: 'opus' });
    // OpusHead: channel count at byte 9 of the first packet (page header 27 + 1 segment byte).
    expect(voice.data[28 + 9]).toBe(1);
    expect(voice.durationSecs).toBeCloseTo(audio.meta.durationSecs ?? 0, 1);
    const points = Buffer.from(voice.waveform, 'base64');
    expect(points.length).toBeGreaterThan(0);
    expect(points.length).toBeLessThanOrEqual(256);
    expect(Math.max(...points)).toBe(255); // a steady tone fills the display
  });
});
