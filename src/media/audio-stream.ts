/**
 * An audio attachment opened for upload without keeping it in memory: the first bytes are read
 * and checked (type, limits) as in read-audio.ts, then the rest flows straight into the request
 * body. The first upload uses the open download; a retry downloads the file again from the
 * platform. A file that must be converted first is read whole instead (`collect`).
 * Errors: the InputErrors of read-audio (before anything is sent, or, for a file that grows past
 * the limit, as `failure` once the upload stopped).
 */
import type { Attachment } from '../command-model/command-types.js';
import { InputError } from '../common/errors.js';
import { emptyAudioError, notAudioError, tooLargeError } from './audio-errors.js';
import { SNIFF_BYTES, type SniffedAudio, sniffAudio } from './detect.js';
import {
  type AudioBytes,
  type AudioLimits,
  checkDeclared,
  createCollector,
  EARLY_SNIFF_BYTES,
  verdict,
} from './read-audio.js';

export interface AudioStream {
  name: string;
  audio: SniffedAudio;
  /**
   * Size the platform declared, when what was read so far agrees with it: the upload then has a
   * content-length (and stops if the download turns out otherwise). Undefined: read it whole.
   */
  size?: number;
  /** The bytes, for one upload attempt: the open download first, a fresh one after. */
  open(): AsyncIterable<Uint8Array>;
  /** Reads the whole file into one buffer (for files that are converted first). */
  collect(): Promise<AudioBytes>;
  /** What stopped an upload on our side (e.g. the file passed the size limit mid-way). */
  readonly failure: unknown;
  /** Ends the download if it is still open. */
  close(): void;
}

export async function openAudio(
  att: Attachment,
  limits: AudioLimits,
  signal?: AbortSignal,
): Promise<AudioStream> {
  checkDeclared(att, limits);
  signal?.throwIfAborted();
  const download = new AbortController();
  const onAbort = () => download.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const head: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  let audio: SniffedAudio | undefined;
  let it: AsyncIterator<Uint8Array>;
  try {
    it = (await att.open(download.signal))[Symbol.asyncIterator]();
    while (!audio) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      length += r.value.byteLength;
      if (length > limits.maxBytes) throw tooLargeError(att.name, limits.maxBytes);
      head.push(r.value);
      const sniff = Buffer.concat(head, Math.min(length, SNIFF_BYTES));
      if (sniff.length >= EARLY_SNIFF_BYTES && !sniffAudio(sniff)) throw notAudioError(att.name, 'not-audio');
      if (sniff.length >= SNIFF_BYTES) audio = verdict(att, sniff);
    }
    if (length === 0) throw emptyAudioError(att.name);
    audio ??= verdict(att, Buffer.concat(head));
  } catch (err) {
    download.abort(err);
    signal?.removeEventListener('abort', onAbort);
    throw err;
  }
  const found = audio;
  // a platform that under-declared (or a file cut short) is not trusted for the upload's length
  const size =
    att.size !== undefined && length <= att.size && (!ended || length === att.size) ? att.size : undefined;
  let first: AsyncIterable<Uint8Array> | undefined = (async function* () {
    while (head.length > 0) yield head.shift() as Uint8Array;
    if (ended) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  })();
  let failure: unknown;
  const fail = (err: unknown) => {
    failure = err;
    return err;
  };
  /** Counts what flows through: past the limit, or not the declared size, the upload stops. */
  async function* checked(source: AsyncIterable<Uint8Array>) {
    let n = 0;
    for await (const chunk of source) {
      n += chunk.byteLength;
      if (n > limits.maxBytes) throw fail(tooLargeError(att.name, limits.maxBytes));
      if (size !== undefined && n > size) throw fail(sizeMismatch(att));
      yield chunk;
    }
    if (size !== undefined && n !== size) throw fail(sizeMismatch(att));
  }
  async function* again() {
    yield* await att.open(download.signal);
  }
  const open = () => {
    const source = first ?? again();
    first = undefined;
    return checked(source);
  };
  return {
    name: att.name,
    audio: found,
    ...(size !== undefined ? { size } : {}),
    open,
    async collect() {
      const collected = createCollector(att.size);
      for await (const chunk of open()) collected.push(chunk);
      return { name: att.name, bytes: collected.finish(), audio: found };
    },
    get failure() {
      return failure;
    },
    close() {
      signal?.removeEventListener('abort', onAbort);
      download.abort();
    },
  };
}

function sizeMismatch(att: Attachment): InputError {
  return new InputError(
    'INPUT.FILE_DOWNLOAD_FAILED',
    `The download of ${att.name} did not match the size the platform gave. Please attach it again.`,
  );
}
