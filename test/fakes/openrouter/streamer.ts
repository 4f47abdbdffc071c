/** Writes SSE frames with pacing, hold/release, client-close detection and mid-stream faults. */
import { setTimeout as delay } from 'node:timers/promises';
import type { Ctx, StreamFault } from './http.js';
import { type Frames, KEEPALIVE } from './stream-frames.js';

export interface StreamHooks {
  delayMs: number;
  hold: boolean;
  waitForRelease(): Promise<void>;
  onClientClose(): void;
}

function write(ctx: Ctx, frame: string): Promise<void> | undefined {
  if (ctx.streamFault) {
    // with a fault pending, every frame is flushed to the socket before the next step, so a reset
    // really happens after the chunks already sent (not before the headers)
    return new Promise((resolve) => {
      const done = () => {
        ctx.res.off('close', done);
        resolve();
      };
      ctx.res.write(frame, done);
      ctx.res.once('close', done);
    });
  }
  if (ctx.res.write(frame)) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      ctx.res.off('drain', done);
      ctx.res.off('close', done);
      resolve();
    };
    ctx.res.once('drain', done);
    ctx.res.once('close', done);
  });
}

function applyFault(ctx: Ctx, fault: StreamFault, frames: Frames): void {
  switch (fault.kind) {
    case 'reset-mid-stream':
      ctx.res.socket?.destroy();
      return;
    case 'stall':
      return; // headers and some chunks sent; nothing more until the client gives up
    case 'comments-only': {
      // the connection looks alive (OpenRouter's keep-alive comments) but no data ever comes
      const timer = setInterval(() => ctx.res.write(KEEPALIVE), fault.everyMs ?? 50);
      ctx.res.once('close', () => clearInterval(timer));
      return;
    }
    case 'malformed-chunk':
      ctx.res.end('data: {"id":"gen-broken","choices":[{"delta":{"content":\n\n');
      return;
    case 'mid-stream-error':
      for (const frame of frames.error(fault.message ?? 'Provider returned error', fault.code ?? 502))
        ctx.res.write(frame);
      ctx.res.end();
      return;
  }
}

export async function streamFrames(
  ctx: Ctx,
  frames: Frames,
  generationId: string,
  hooks: StreamHooks,
): Promise<void> {
  const { res } = ctx;
  let closed = false;
  res.on('close', () => {
    if (res.writableFinished) return;
    closed = true;
    ctx.record.clientClosedEarly = true;
    hooks.onClientClose();
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'x-generation-id': generationId,
  });
  for (const frame of frames.prelude) await write(ctx, frame);
  const fault = ctx.streamFault;
  const faultAt = fault ? Math.min(fault.afterChunks ?? 1, frames.content.length) : -1;
  for (let i = 0; i < frames.content.length; i++) {
    if (closed) return;
    if (i === faultAt && fault) return applyFault(ctx, fault, frames);
    const pending = write(ctx, frames.content[i] as string);
    if (pending) await pending;
    if (hooks.hold && i === 0)
      await Promise.race([hooks.waitForRelease(), new Promise((r) => res.once('close', r))]);
    if (hooks.delayMs > 0) await delay(hooks.delayMs);
  }
  if (closed) return;
  if (fault && faultAt === frames.content.length) return applyFault(ctx, fault, frames);
  for (const frame of frames.epilogue) await write(ctx, frame);
  res.end();
}
