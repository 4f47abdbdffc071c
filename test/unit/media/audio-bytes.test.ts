/** Pure byte handling: waveform meter, WAV wrapping, MP3 frame concatenation. */
import { describe, expect, it } from 'vitest';
import { concatMp3, mp3Frames } from '../../../src/media/mp3-concat.js';
import { pcmOf, wavHeader } from '../../../src/media/wav.js';
import { createWaveformMeter } from '../../../src/media/waveform.js';
import { mp3Silence } from '../../fakes/openrouter.js';
import { sineWav } from '../../helpers/audio.js';

function pcm(samples: number[]): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => {
    out.writeInt16LE(s, i * 2);
  });
  return out;
}

describe('waveform meter', () => {
  it('computes the duration and at most 256 points, loud where the signal is loud', () => {
    const rate = 8000;
    // 10 s: first half silent, second half a full-scale-ish square wave.
    const samples = Array.from({ length: rate * 10 }, (_, i) =>
      i < rate * 5 ? 0 : i % 2 ? 20_000 : -20_000,
    );
    const meter = createWaveformMeter(rate);
    const bytes = pcm(samples);
    for (let at = 0; at < bytes.length; at += 999) meter.push(bytes.subarray(at, at + 999)); // odd chunks
    const { durationSecs, waveform, points } = meter.finish();
    expect(durationSecs).toBe(10);
    expect(points.length).toBe(256);
    expect(Buffer.from(waveform, 'base64').equals(Buffer.from(points))).toBe(true);
    expect(Math.max(...points.subarray(0, 127))).toBe(0);
    expect(Math.min(...points.subarray(129))).toBe(255);
  });

  it('gives fewer points for a clip shorter than 256 windows, and handles negative samples across chunks', () => {
    const meter = createWaveformMeter(8000);
    const bytes = pcm(Array.from({ length: 800 }, () => -1000)); // 0.1 s
    meter.push(bytes.subarray(0, 1));
    meter.push(bytes.subarray(1));
    const { durationSecs, points } = meter.finish();
    expect(durationSecs).toBe(0.1);
    expect(points.length).toBe(10);
    expect([...points].every((p) => p === 255)).toBe(true);
  });

  it('does not blow up near-silence to full scale', () => {
    const meter = createWaveformMeter(8000);
    meter.push(pcm(Array.from({ length: 8000 }, (_, i) => (i % 2 ? 3 : -3))));
    expect(Math.max(...meter.finish().points)).toBeLessThan(5);
  });

  it('reports zero for no samples', () => {
    expect(createWaveformMeter(8000).finish()).toMatchObject({ durationSecs: 0, waveform: '' });
  });
});

describe('WAV helpers', () => {
  it('writes a header matching a generated WAV and reads its PCM back', () => {
    const wav = sineWav({ seconds: 0.5, rate: 24_000 });
    const body = wav.subarray(44);
    expect(wavHeader(body.length, 24_000).equals(wav.subarray(0, 44))).toBe(true);
    expect(pcmOf(wav).equals(body)).toBe(true);
    expect(pcmOf(body)).toBe(body); // raw PCM passes unchanged
  });
});

describe('MP3 frame concatenation', () => {
  it('keeps every audio frame and drops ID3 tags and Xing headers', () => {
    const id3 = Buffer.concat([Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x0a', 'latin1'), Buffer.alloc(10)]);
    const xing = Buffer.from(mp3Silence(1));
    xing.write('Xing', 4 + 17, 'latin1'); // after mono MPEG-1 side info
    const trailer = Buffer.concat([Buffer.from('TAG', 'latin1'), Buffer.alloc(125)]);
    const a = Buffer.concat([id3, xing, mp3Silence(5), trailer]);
    const b = Buffer.concat([id3, mp3Silence(7)]);
    expect(mp3Frames(a)).toHaveLength(5);
    const joined = concatMp3([a, b]);
    expect(joined.equals(mp3Silence(12))).toBe(true);
  });
});
