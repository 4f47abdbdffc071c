/**
 * The ffmpeg process port. `createFfmpeg(config, deps)` →
 *   available(): Promise<boolean>   runs `<path> -version` once and remembers the answer;
 *   run(args, io): Promise<Buffer>  one process, bytes in through pipes, stdout collected.
 * Pipes, no temp files: `io.stdin` feeds pipe:0, `io.inputs[i]` feeds pipe:(3+i), and
 * `io.sinks[j]` receives pipe:(3+inputs+j) (see `pipeFds`). Output is capped, the process is
 * killed on timeout / abort, and a failure rejects with FfmpegFailure (exit code + stderr tail),
 * which callers turn into a user error (corrupt input) or MEDIA.FFMPEG_FAILED (our audio).
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { ffmpegFailedError } from './audio-errors.js';

export interface FfmpegConfig {
  /** Binary name or path (default `ffmpeg`, found on PATH). */
  path?: string;
  /** Longest one conversion may run (default 120 s). */
  timeoutMs?: number;
  /** Largest stdout accepted (default 200 MB). */
  maxOutputBytes?: number;
}

export interface FfmpegIo {
  stdin?: Uint8Array;
  inputs?: readonly Uint8Array[];
  sinks?: ReadonlyArray<(chunk: Buffer) => void>;
  signal?: AbortSignal;
  /** For logs and errors: what this run does. */
  what: string;
}

export interface Ffmpeg {
  readonly path: string;
  available(): Promise<boolean>;
  run(args: readonly string[], io: FfmpegIo): Promise<Buffer>;
}

export class FfmpegFailure extends Error {
  constructor(
    readonly what: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`ffmpeg ${what} exited with ${exitCode}: ${stderr.slice(-300)}`);
    this.name = 'FfmpegFailure';
  }
}

/** fd numbers of extra inputs and sinks for a run with `inputs` extra inputs. */
export const pipeFds = (inputs: number, sinks = 0) => ({
  inputs: Array.from({ length: inputs }, (_, i) => `pipe:${3 + i}`),
  sinks: Array.from({ length: sinks }, (_, j) => `pipe:${3 + inputs + j}`),
});

function feed(stream: Writable | null | undefined, bytes: Uint8Array): void {
  if (!stream) return;
  stream.on('error', () => {}); // EPIPE when ffmpeg stops reading early; its exit code tells why
  stream.end(bytes);
}

export function createFfmpeg(config: FfmpegConfig = {}, deps: { logger?: Logger } = {}): Ffmpeg {
  const path = config.path ?? 'ffmpeg';
  const timeoutMs = config.timeoutMs ?? 120_000;
  const maxOutputBytes = config.maxOutputBytes ?? 200 * 1024 * 1024;
  let probe: Promise<boolean> | undefined;

  function run(args: readonly string[], io: FfmpegIo): Promise<Buffer> {
    const inputs = io.inputs ?? [];
    const sinks = io.sinks ?? [];
    return new Promise<Buffer>((resolve, reject) => {
      io.signal?.throwIfAborted();
      const stdio = ['pipe', 'pipe', 'pipe', ...inputs.map(() => 'pipe'), ...sinks.map(() => 'pipe')];
      const child = spawn(path, ['-hide_banner', '-nostats', '-loglevel', 'error', ...args], {
        stdio: stdio as ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      let outBytes = 0;
      let stderr = '';
      let failure: Error | undefined;
      const stop = (err: Error) => {
        failure ??= err;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () => stop(ffmpegFailedError(io.what, `timed out after ${timeoutMs} ms`, true)),
        timeoutMs,
      );
      const onAbort = () =>
        stop(io.signal?.reason instanceof Error ? io.signal.reason : new Error('aborted'));
      io.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('error', (err) => stop(ffmpegFailedError(io.what, `cannot run ${path}: ${err.message}`)));
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      });
      child.stdout.on('data', (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes > maxOutputBytes)
          stop(ffmpegFailedError(io.what, `output above ${maxOutputBytes} bytes`));
        else out.push(chunk);
      });
      sinks.forEach((sink, j) => {
        child.stdio[3 + inputs.length + j]?.on('data', (chunk: Buffer) => sink(chunk));
      });
      if (io.stdin) feed(child.stdin, io.stdin);
      else child.stdin.end();
      inputs.forEach((bytes, i) => {
        feed(child.stdio[3 + i] as Writable | null, bytes);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        io.signal?.removeEventListener('abort', onAbort);
        if (failure) return reject(failure);
        if (code !== 0) return reject(new FfmpegFailure(io.what, code, stderr.trim()));
        resolve(Buffer.concat(out, outBytes));
      });
    });
  }

  return {
    path,
    run,
    available() {
      probe ??= run(['-version'], { what: 'version check' }).then(
        () => true,
        (err: unknown) => {
          deps.logger?.warn({ path, err: String(err) }, 'ffmpeg not available; audio conversion is off');
          return false;
        },
      );
      return probe;
    },
  };
}
