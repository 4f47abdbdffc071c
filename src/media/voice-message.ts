/**
 * Discord voice messages: `makeVoiceMessage(ffmpeg, audio, opts)` → { data (Ogg/Opus, 48 kHz
 * mono), contentType, fileName, durationSecs, waveform (base64, ≤ 256 amplitude bytes) }.
 * One ffmpeg run with two outputs: the Opus file on stdout and 8 kHz PCM on pipe:3, which
 * createWaveformMeter turns into the duration and waveform as it streams (no PCM is kept).
 * Input: any audio ffmpeg decodes (mp3, wav…), or raw PCM when `opts.pcm` gives its rate.
 */

import { decodeArgs, encodeArgs, type RawPcm, requireFfmpeg } from './audio-convert.js';
import { ffmpegFailedError } from './audio-errors.js';
import { type Ffmpeg, FfmpegFailure, pipeFds } from './ffmpeg.js';
import { createWaveformMeter } from './waveform.js';

export interface VoiceMessage {
  data: Buffer;
  contentType: 'audio/ogg';
  fileName: string;
  durationSecs: number;
  /** Base64 of up to 256 bytes, amplitude 0-255 sampled evenly over the clip. */
  waveform: string;
}

const METER_RATE = 8_000;

export async function makeVoiceMessage(
  ffmpeg: Ffmpeg | undefined,
  audio: Uint8Array,
  opts: { pcm?: RawPcm; signal?: AbortSignal; fileName?: string; format?: string } = {},
): Promise<VoiceMessage> {
  const ff = await requireFfmpeg(ffmpeg, opts.format ?? 'this', 'A voice message');
  const meter = createWaveformMeter(METER_RATE);
  const [meterFd = 'pipe:3'] = pipeFds(0, 1).sinks;
  const args = [
    ...decodeArgs(opts.pcm),
    '-i',
    'pipe:0',
    '-map',
    '0:a:0',
    ...encodeArgs('ogg-opus'),
    'pipe:1',
    '-map',
    '0:a:0',
    ...encodeArgs('s16le', { sampleRate: METER_RATE }),
    meterFd,
  ];
  let data: Buffer;
  try {
    data = await ff.run(args, {
      stdin: audio,
      sinks: [(chunk) => meter.push(chunk)],
      what: 'voice message',
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    if (err instanceof FfmpegFailure) throw ffmpegFailedError(err.what, err.stderr);
    throw err;
  }
  const { durationSecs, waveform } = meter.finish();
  if (data.length === 0 || durationSecs === 0) throw ffmpegFailedError('voice message', 'no audio decoded');
  return {
    data,
    contentType: 'audio/ogg',
    fileName: opts.fileName ?? 'voice-message.ogg',
    durationSecs,
    waveform,
  };
}
