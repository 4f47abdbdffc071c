import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { withCommandSyntax } from '../../../src/command-model/command-ref.js';
import { createVideoDelivery, readCapped } from '../../../src/video/video-delivery.js';
import type { VideoJobRecord } from '../../../src/video/video-jobs.js';
import { mp4File } from '../../fakes/openrouter.js';
import { createFakeSurface } from '../../fakes/surface.js';
import { useOpenRouterClient } from '../../helpers/use-fake-openrouter.js';

const KEY = 'sk-or-v1-video-delivery-0123456789abcdef';
const { openrouter: fake, client } = useOpenRouterClient(KEY, { idleTimeoutMs: 5_000 });

async function finishedJob(): Promise<VideoJobRecord> {
  const { data } = await client.createVideo({ model: 'google/veo-3.1', prompt: 'a fox' });
  const done = (await client.getVideo(data.id)).data;
  expect(done.status).toBe('completed');
  return {
    id: data.id,
    model: 'google/veo-3.1',
    prompt: 'a fox',
    userId: 'U1',
    location: { platform: 'discord', channelId: 'C1' },
    createdAt: 0,
    phase: 'delivering',
    status: 'completed',
    polls: 1,
    ...(done.unsigned_urls ? { unsignedUrls: done.unsigned_urls } : {}),
  };
}

const delivery = () => createVideoDelivery({}, { client, logger: pino({ level: 'silent' }) });

async function* pieces(sizes: number[]) {
  for (const n of sizes) yield new Uint8Array(n).fill(7);
}

describe('readCapped', () => {
  it('fills one buffer of the declared size, or grows one when the size is unknown', async () => {
    const declared = await readCapped(pieces([3, 3, 4]), 100, 10);
    expect(declared?.byteLength).toBe(10);
    expect(declared?.buffer.byteLength).toBe(10); // preallocated exactly: no second copy
    const unknown = await readCapped(pieces([600_000, 600_000]), 5_000_000);
    expect(unknown?.byteLength).toBe(1_200_000);
  });

  it('stops reading as soon as the cap is passed', async () => {
    let read = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        read++;
        yield new Uint8Array(10);
      }
    }
    expect(await readCapped(counted(), 25)).toBeUndefined();
    expect(read).toBe(3);
  });
});

describe('video delivery', () => {
  it('uploads every output that fits and records each one as posted', async () => {
    fake.configureVideo({ pollsUntilDone: 1, outputs: 2 });
    const job = await finishedJob();
    const surface = createFakeSurface();
    const posted: number[] = [];
    const result = await delivery().deliver(job, surface, async (i) => void posted.push(i));
    expect(result).toEqual({ uploaded: 2, linked: 0 });
    expect(posted).toEqual([0, 1]);
    const files = surface.messages.map((m) => m.current.files?.[0]);
    expect(files.map((f) => f?.name)).toEqual([`video-${job.id}-1.mp4`, `video-${job.id}-2.mp4`]);
    expect(Buffer.from(files[1]?.data ?? []).equals(mp4File(1))).toBe(true);
    expect(shown(surface.messages[0]?.current.text)).toBe('🎬 Video 1 of 2 for <@U1>');
    expect(fake.requests.filter((r) => r.path.endsWith('/content')).map((r) => r.query)).toEqual([
      { index: '0' },
      { index: '1' },
    ]);
  });

  it('links an output over the upload limit without downloading it (declared size)', async () => {
    fake.configureVideo({ pollsUntilDone: 1, contentBytes: 3 * 1024 * 1024 });
    const job = await finishedJob();
    const surface = createFakeSurface({ maxUploadBytes: 1024 * 1024 });
    expect(await delivery().deliver(job, surface, async () => {})).toEqual({ uploaded: 0, linked: 1 });
    expect(surface.messages[0]?.current.files).toBeUndefined();
    expect(shown(surface.messages[0]?.current.text)).toBe(
      `🎬 Your video for <@U1> is 3.0 MB, over this platform's 1.0 MB upload limit: ${job.unsignedUrls?.[0]}`,
    );
  });

  it('links a chunked output once it passes the limit mid-stream', async () => {
    fake.configureVideo({ pollsUntilDone: 1, contentBytes: 3 * 1024 * 1024, chunked: true });
    const job = await finishedJob();
    const surface = createFakeSurface({ maxUploadBytes: 1024 * 1024 });
    expect(await delivery().deliver(job, surface, async () => {})).toEqual({ uploaded: 0, linked: 1 });
    expect(surface.messages[0]?.current.text).toContain('over this platform');
  });

  it('skips outputs already posted before a restart', async () => {
    fake.configureVideo({ pollsUntilDone: 1, outputs: 2 });
    const job = { ...(await finishedJob()), delivered: [0] };
    const surface = createFakeSurface();
    expect(await delivery().deliver(job, surface, async () => {})).toEqual({ uploaded: 1, linked: 0 });
    expect(surface.messages.map((m) => shown(m.current.text))).toEqual(['🎬 Video 2 of 2 for <@U1>']);
  });
});

/** The text as a Discord user reads it (command references and mentions rendered). */
function shown(text: string | undefined): string {
  return withCommandSyntax(text ?? '', '/');
}
