/**
 * Duration and Discord voice-message waveform from 16-bit little-endian mono PCM, computed as the
 * PCM streams by (memory: one float per 10 ms window, never the samples).
 *   const meter = createWaveformMeter(8000); meter.push(chunk)…; meter.finish()
 *   → { durationSecs, waveform: base64 of ≤ 256 bytes (amplitude 0-255), points }
 */

export interface WaveformResult {
  durationSecs: number;
  /** Base64 of `points.length` (≤ maxPoints) amplitude bytes. */
  waveform: string;
  points: Uint8Array;
}

export interface WaveformMeter {
  push(chunk: Uint8Array): void;
  finish(maxPoints?: number): WaveformResult;
}

export const MAX_WAVEFORM_POINTS = 256;
/** Quieter than this (RMS, of full scale) is not scaled up to fill the display. */
const NOISE_FLOOR = 0.01 * 32_768;

export function createWaveformMeter(sampleRate: number, windowMs = 10): WaveformMeter {
  const windowSamples = Math.max(1, Math.round((sampleRate * windowMs) / 1000));
  let windows = new Float32Array(1024);
  let count = 0;
  let samples = 0;
  let sumSquares = 0;
  let inWindow = 0;
  let carry: number | undefined;

  const closeWindow = () => {
    if (count === windows.length) {
      const grown = new Float32Array(windows.length * 2);
      grown.set(windows);
      windows = grown;
    }
    windows[count++] = Math.sqrt(sumSquares / inWindow);
    sumSquares = 0;
    inWindow = 0;
  };
  const add = (sample: number) => {
    sumSquares += sample * sample;
    samples++;
    if (++inWindow === windowSamples) closeWindow();
  };

  return {
    push(chunk) {
      let i = 0;
      if (carry !== undefined && chunk.length > 0) {
        add(((chunk[0]! << 24) | (carry << 16)) >> 16);
        carry = undefined;
        i = 1;
      }
      for (; i + 1 < chunk.length; i += 2) add(((chunk[i + 1]! << 24) | (chunk[i]! << 16)) >> 16);
      if (i < chunk.length) carry = chunk[i];
    },
    finish(maxPoints = MAX_WAVEFORM_POINTS) {
      if (inWindow > 0) closeWindow();
      const n = Math.min(maxPoints, count);
      const values = new Float32Array(n);
      for (let p = 0; p < n; p++) {
        const from = Math.floor((p * count) / n);
        const to = Math.max(from + 1, Math.floor(((p + 1) * count) / n));
        for (let w = from; w < to; w++) values[p] = Math.max(values[p]!, windows[w]!);
      }
      const loudest = values.reduce((a, b) => Math.max(a, b), 0);
      const scale = 255 / Math.max(loudest, NOISE_FLOOR);
      const points = Uint8Array.from(values, (v) => Math.min(255, Math.round(v * scale)));
      return {
        durationSecs: Math.round((samples / sampleRate) * 100) / 100,
        waveform: Buffer.from(points).toString('base64'),
        points,
      };
    },
  };
}
