/**
 * The exact text users see when an attached file cannot be used (src/downloads.ts and the /video
 * first frame in src/video/video-image.ts): `/video create image:` through the app's real registry
 * and dispatcher, the file served by a tiny HTTP server on 127.0.0.1 and fetched by the real
 * openDownload as the Discord adapter wires it; no video job is ever sent upstream.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DISCORD_FILE_HOSTS } from '../../adapters/discord/attachments.js';
import type { App } from '../../src/app/create-app.js';
import type { Attachment } from '../../src/command-model/command-types.js';
import { openDownload } from '../../src/files/downloads.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { createFakeSurface } from '../fakes/surface.js';
import { createTestApp } from '../helpers/test-app.js';

const KEY = 'sk-or-v1-error-files-0123456789abcdef';
const MiB = 1024 * 1024;
const PNG = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
let fake: FakeOpenRouter;
let files: Server;
let host: string;
let hits: string[];
let app: App;
let policy: { allowedHosts: string[] };

beforeAll(async () => {
  fake = await startFakeOpenRouter({ apiKey: KEY });
  files = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/frame.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
    if (req.url !== '/big.png') return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'image/png' });
    for (let i = 0; i < 6; i++) res.write(new Uint8Array(MiB / 4)); // 1.5 MiB, no declared length
    res.end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  files.closeAllConnections();
  await new Promise<void>((resolve) => files.close(() => resolve()));
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  hits = [];
  const made = createTestApp({
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: fake.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
    DOWNLOAD_ALLOWED_HOSTS: host,
    MAX_ATTACHMENT_BYTES: String(MiB),
  });
  app = made.app;
  policy = { allowedHosts: [...DISCORD_FILE_HOSTS, ...made.config.downloads.allowedHosts] };
});
afterEach(async () => {
  await app.close();
});

/** A file as the Discord adapter hands it to the core: bytes fetched on demand by openDownload. */
function file(name: string, url: string, extra: { contentType?: string; size?: number } = {}): Attachment {
  return {
    id: `a-${name}`,
    name,
    url,
    contentType: 'image/png',
    ...extra,
    open: (signal) => openDownload(url, policy, { what: name, ...(signal ? { signal } : {}) }),
  };
}

async function videoWith(image: Attachment) {
  const surface = createFakeSurface();
  const outcome = await app.dispatcher.dispatchCommand(
    {
      platform: 'discord',
      command: 'video',
      subcommand: 'create',
      user: { id: 'U1', name: 'Ann', isAdmin: false },
      channelId: 'C1',
      serverId: 'G1',
    },
    { prompt: 'a fox in the snow', image },
    surface,
  );
  return { code: outcome.code, text: surface.visibleText() };
}
const videoJobs = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/videos'));

describe('attached files that cannot be used', () => {
  it('a usable first frame goes upstream as a data URL (the control for the refusals below)', async () => {
    const r = await videoWith(file('frame.png', `http://${host}/frame.png`));
    expect(r.code).toBeUndefined();
    expect(hits).toEqual(['/frame.png']);
    const [job] = videoJobs();
    expect(JSON.stringify(job?.body)).toContain(
      `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`,
    );
  });

  it('a file that is not an image is refused by name, without downloading it', async () => {
    const pdf = await videoWith(
      file('notes.pdf', `http://${host}/notes.pdf`, { contentType: 'application/pdf' }),
    );
    expect(pdf).toEqual({
      code: 'INPUT.NOT_AN_IMAGE',
      text: '⚠️ notes.pdf is not an image. Attach a picture (PNG, JPEG, WebP…) to use as the first frame.',
    });
    const untyped = file('scan', `http://${host}/scan`);
    delete untyped.contentType;
    expect((await videoWith(untyped)).text).toBe(
      '⚠️ scan is not an image. Attach a picture (PNG, JPEG, WebP…) to use as the first frame.',
    );
    expect(hits).toEqual([]);
    expect(videoJobs()).toHaveLength(0);
  });

  it('an image declared larger than the limit is refused before it is downloaded', async () => {
    const r = await videoWith(file('huge.png', `http://${host}/big.png`, { size: 2 * MiB }));
    expect(r).toEqual({
      code: 'INPUT.IMAGE_TOO_LARGE',
      text: '⚠️ huge.png is larger than 1 MB; attach a smaller image.',
    });
    expect(hits).toEqual([]);
    expect(videoJobs()).toHaveLength(0);
  });

  it('an image of no declared size is cut off once it passes the limit, with the same message', async () => {
    const r = await videoWith(file('big.png', `http://${host}/big.png`));
    expect(r).toEqual({
      code: 'INPUT.IMAGE_TOO_LARGE',
      text: '⚠️ big.png is larger than 1 MB; attach a smaller image.',
    });
    expect(hits).toEqual(['/big.png']);
    expect(videoJobs()).toHaveLength(0);
  });

  it('a download the host answers with an error status asks to attach the file again', async () => {
    const r = await videoWith(file('gone.png', `http://${host}/gone.png`));
    expect(r).toEqual({
      code: 'INPUT.FILE_DOWNLOAD_FAILED',
      text: '⚠️ Could not download gone.png (HTTP 404). Please attach it again.',
    });
    expect(hits).toEqual(['/gone.png']);
    expect(videoJobs()).toHaveLength(0);
  });

  it('a file on a host that is not allowed is never fetched, and the admin fix is named', async () => {
    const port = host.split(':')[1];
    const r = await videoWith(file('frame.png', `http://localhost:${port}/frame.png`));
    expect(r).toEqual({
      code: 'INPUT.FILE_HOST_NOT_ALLOWED',
      text: `⚠️ Files from localhost:${port} are not downloaded. An admin can add the host to DOWNLOAD_ALLOWED_HOSTS.`,
    });
    expect(hits).toEqual([]);
    expect(videoJobs()).toHaveLength(0);
  });

  it('a link that is not http(s), even on an allowed host, is refused for what it is', async () => {
    const r = await videoWith(file('frame.png', `ftp://${host}/frame.png`));
    expect(r).toEqual({
      code: 'INPUT.FILE_HOST_NOT_ALLOWED',
      text: '⚠️ frame.png has a ftp link; only http(s) links are downloaded.',
    });
    expect(hits).toEqual([]);
  });

  it('a file whose link is not a URL says it has no usable link', async () => {
    const r = await videoWith(file('photo.png', 'not a link'));
    expect(r).toEqual({
      code: 'INPUT.BAD_FILE_URL',
      text: '⚠️ The file photo.png has no usable link. Please attach it again.',
    });
    expect(hits).toEqual([]);
    expect(videoJobs()).toHaveLength(0);
  });
});
