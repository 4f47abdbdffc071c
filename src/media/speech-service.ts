/**
 * Text to speech. `createSpeechService(config, deps)` →
 *   speak({ text, voice?, model?, speed?, format?, signal? }) → SpeechAudio { data, contentType, fileName, format, meta }
 *   voiceMessage(audio: SpeechAudio, signal?) → VoiceMessage (Ogg/Opus + durationSecs + waveform)
 *   canMakeVoiceMessages() → whether ffmpeg is there
 * Text longer than `maxCharsPerRequest` is split at sentence boundaries (sentence-split.ts),
 * synthesized piece by piece and joined into one file: PCM/WAV in code; MP3 with ffmpeg's
 * concat filter, else by MPEG frame concatenation. `format`: mp3 (default), wav (PCM wrapped
 * here) or raw pcm. Errors: INPUT.TEXT_EMPTY / TEXT_TOO_LONG, OpenRouter errors, MEDIA.FFMPEG_*.
 */
import type { Logger } from 'pino';
import type { Invocation } from '../command-model/command-types.js';
import type { OpenRouterClient } from '../openrouter/index.js';
import { concatAudio } from './audio-convert.js';
import { emptyTextError, textTooLongError } from './audio-errors.js';
import type { Ffmpeg } from './ffmpeg.js';
import { concatMp3 } from './mp3-concat.js';
import { splitForSpeech } from './sentence-split.js';
import { makeVoiceMessage, type VoiceMessage } from './voice-message.js';
import { pcmOf, wavHeader } from './wav.js';

export type SpeechFormat = 'mp3' | 'wav' | 'pcm';

export interface SpeechConfig {
  /** Default TTS model, e.g. `openai/gpt-4o-mini-tts`. */
  model: string;
  /** Default voice (provider-specific; omitted from the request when unset). */
  voice?: string;
  /** Characters per API request (default 4000). */
  maxCharsPerRequest?: number;
  /** Characters per speak() call in all (default 20000). */
  maxTotalChars?: number;
  /** Sample rate of the API's `pcm` answers (default 24000: 16-bit LE mono). */
  pcmSampleRate?: number;
  /** Byte cap per answer piece (default 50 MB). */
  maxBytesPerPiece?: number;
  defaultFormat?: SpeechFormat;
}

export interface SpeechDeps {
  client: Pick<OpenRouterClient, 'createSpeech'>;
  logger: Logger;
  ffmpeg?: Ffmpeg;
}

export interface SpeakRequest {
  text: string;
  voice?: string;
  model?: string;
  speed?: number;
  format?: SpeechFormat;
  signal?: AbortSignal;
  /** Who it is for: billed to them, under the rules where they asked (the system's when absent). */
  invocation?: Invocation;
}

export interface SpeechAudio {
  data: Buffer;
  contentType: string;
  fileName: string;
  format: SpeechFormat;
  meta: {
    model: string;
    voice?: string;
    chars: number;
    pieces: number;
    joinedWith: 'single' | 'pcm' | 'ffmpeg' | 'frames';
    generationIds: string[];
    /** Exact for pcm / wav. */
    durationSecs?: number;
  };
}

export interface SpeechService {
  speak(request: SpeakRequest): Promise<SpeechAudio>;
  voiceMessage(audio: SpeechAudio, signal?: AbortSignal): Promise<VoiceMessage>;
  canMakeVoiceMessages(): Promise<boolean>;
}

const TYPES: Record<SpeechFormat, string> = { mp3: 'audio/mpeg', wav: 'audio/wav', pcm: 'audio/pcm' };

export function createSpeechService(config: SpeechConfig, deps: SpeechDeps): SpeechService {
  const maxChars = config.maxCharsPerRequest ?? 4000;
  const maxTotal = config.maxTotalChars ?? 20_000;
  const rate = config.pcmSampleRate ?? 24_000;
  const maxBytes = config.maxBytesPerPiece ?? 50 * 1024 * 1024;

  async function synthesize(input: string, request: SpeakRequest, model: string, voice?: string) {
    const res = await deps.client.createSpeech(
      {
        model,
        input,
        response_format: request.format === 'mp3' || !request.format ? 'mp3' : 'pcm',
        ...(voice ? { voice } : {}),
        ...(request.speed !== undefined ? { speed: request.speed } : {}),
      },
      {
        maxBytes,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.invocation ? { invocation: request.invocation } : {}),
      },
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of res.body) chunks.push(chunk);
    return { bytes: Buffer.concat(chunks), generationId: res.meta.generationId };
  }

  async function joinMp3(pieces: Buffer[], signal?: AbortSignal) {
    if (deps.ffmpeg && (await deps.ffmpeg.available()))
      try {
        const data = await concatAudio(deps.ffmpeg, pieces, { to: 'mp3', ...(signal ? { signal } : {}) });
        return { data, joinedWith: 'ffmpeg' as const };
      } catch (err) {
        signal?.throwIfAborted();
        deps.logger.warn({ err }, 'ffmpeg could not join speech pieces; joining MP3 frames instead');
      }
    return { data: concatMp3(pieces), joinedWith: 'frames' as const };
  }

  return {
    async speak(request) {
      const text = request.text.trim();
      if (!text) throw emptyTextError();
      if (text.length > maxTotal) throw textTooLongError(text.length, maxTotal);
      const format = request.format ?? config.defaultFormat ?? 'mp3';
      const model = request.model ?? config.model;
      const voice = request.voice ?? config.voice;
      const parts = splitForSpeech(text, maxChars);
      const pieces: Buffer[] = [];
      const generationIds: string[] = [];
      for (const part of parts) {
        const piece = await synthesize(part, { ...request, format }, model, voice);
        pieces.push(format === 'mp3' ? piece.bytes : pcmOf(piece.bytes));
        if (piece.generationId) generationIds.push(piece.generationId);
      }
      let data: Buffer;
      let joinedWith: SpeechAudio['meta']['joinedWith'] = pieces.length === 1 ? 'single' : 'pcm';
      if (format === 'mp3' && pieces.length > 1)
        ({ data, joinedWith } = await joinMp3(pieces, request.signal));
      else data = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
      const meta: SpeechAudio['meta'] = {
        model,
        chars: text.length,
        pieces: parts.length,
        joinedWith,
        generationIds,
      };
      if (voice) meta.voice = voice;
      if (format !== 'mp3') meta.durationSecs = Math.round((data.length / 2 / rate) * 100) / 100;
      if (format === 'wav') data = Buffer.concat([wavHeader(data.length, rate), data]);
      deps.logger.info({ ...meta, format, bytes: data.length }, 'synthesized speech');
      return { data, contentType: TYPES[format], fileName: `speech.${format}`, format, meta };
    },
    voiceMessage(audio, signal) {
      return makeVoiceMessage(deps.ffmpeg, audio.data, {
        format: audio.format.toUpperCase(),
        ...(audio.format === 'pcm' ? { pcm: { sampleRate: rate } } : {}),
        ...(signal ? { signal } : {}),
      });
    },
    async canMakeVoiceMessages() {
      return deps.ffmpeg ? deps.ffmpeg.available() : false;
    },
  };
}
