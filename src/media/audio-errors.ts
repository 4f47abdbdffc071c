/**
 * The media errors users can meet, each with a stable code and a message that says the limit
 * and what to do. Built here so every service words them the same way.
 *   INPUT.UNSUPPORTED_AUDIO  not audio / a video / a format we cannot take
 *   INPUT.EMPTY_AUDIO        zero bytes
 *   INPUT.AUDIO_TOO_LARGE    declared or actual size above the cap
 *   INPUT.AUDIO_TOO_LONG     declared duration above the cap
 *   INPUT.CORRUPT_AUDIO      ffmpeg could not decode it
 *   INPUT.TEXT_EMPTY / INPUT.TEXT_TOO_LONG   speech input
 *   MEDIA.FFMPEG_MISSING     a conversion needs ffmpeg and there is none (names the format)
 *   MEDIA.FFMPEG_FAILED / MEDIA.FFMPEG_TIMEOUT   our side failed converting our own audio
 */

import { InputError, SwitchboardError } from '../common/errors.js';
import { formatSize } from '../files/bytes.js';
import { API_AUDIO_FORMATS } from './detect.js';

export const mb = formatSize;
const minutes = (secs: number) =>
  secs % 60 === 0 ? `${secs / 60} minute${secs === 60 ? '' : 's'}` : `${secs} seconds`;
const formats = API_AUDIO_FORMATS.join(', ');

export const notAudioError = (name: string, why: 'not-audio' | 'video' | 'unsupported', format?: string) =>
  new InputError(
    'INPUT.UNSUPPORTED_AUDIO',
    why === 'video'
      ? `${name} looks like a video, not an audio file. Attach the audio alone (${formats}) or a voice message.`
      : why === 'unsupported'
        ? `${name} is ${format ?? 'an audio format'} audio, which cannot be transcribed here. Please send ${formats}.`
        : `${name} is not an audio file I can read. Attach a voice message or audio (${formats}).`,
  );

export const emptyAudioError = (name: string) =>
  new InputError('INPUT.EMPTY_AUDIO', `${name} is empty (0 bytes). Please record or attach it again.`);

export const tooLargeError = (name: string, maxBytes: number, size?: number) =>
  new InputError(
    'INPUT.AUDIO_TOO_LARGE',
    `${name} is ${size === undefined ? 'larger than' : `${mb(size)}; the limit is`} ${mb(maxBytes)}. ` +
      'Please send a shorter recording or compress it (e.g. as mp3 or ogg).',
  );

export const tooLongError = (name: string, maxSecs: number, secs: number) =>
  new InputError(
    'INPUT.AUDIO_TOO_LONG',
    `${name} is ${Math.round(secs)} seconds long; the limit is ${minutes(maxSecs)}. ` +
      'Please split it into shorter parts.',
  );

export const corruptAudioError = (name: string, format: string, cause?: unknown) =>
  new InputError(
    'INPUT.CORRUPT_AUDIO',
    `${name} looks like ${format} audio but could not be decoded (damaged or cut off). Please attach it again.`,
    cause === undefined ? undefined : { cause },
  );

export const ffmpegMissingError = (format: string, purpose: string) =>
  new SwitchboardError(
    'MEDIA.FFMPEG_MISSING',
    `${purpose} needs ffmpeg to convert ${format} audio, and ffmpeg is not installed on this bot. ` +
      `Please send ${formats} instead, or ask an admin to install ffmpeg (or set its path).`,
  );

export const ffmpegFailedError = (what: string, detail: string, timedOut = false) =>
  new SwitchboardError(
    timedOut ? 'MEDIA.FFMPEG_TIMEOUT' : 'MEDIA.FFMPEG_FAILED',
    timedOut
      ? `Converting the audio took too long and was stopped. Please try a shorter text or file.`
      : `Converting the audio failed on our side. It has been logged; please try again.`,
    { message: `ffmpeg ${what}: ${detail}` },
  );

export const emptyTextError = () =>
  new InputError('INPUT.TEXT_EMPTY', 'There is no text to read aloud. Please give some text.');

export const textTooLongError = (chars: number, max: number) =>
  new InputError(
    'INPUT.TEXT_TOO_LONG',
    `The text is ${chars.toLocaleString('en-US')} characters; at most ${max.toLocaleString('en-US')} ` +
      'can be read aloud at once. Please shorten it or split it into parts.',
  );
