/**
 * Resident memory of the real bot process (`adapters/main.ts` through tsx, as `npm run dev` runs
 * it), measured from outside through /proc/<pid>/status: VmRSS when idle (median over 2 s) and
 * VmHWM (the kernel's peak RSS, reset through /proc/<pid>/clear_refs once idle) after each step.
 * The fake Discord (with its CDN) and the fake OpenRouter run in this process, so their memory
 * is not counted. Scenarios, each in a fresh bot process with an empty SQLite store:
 *   images      ten ~25 MiB images (5 PNG, 5 JPEG) in one message to a vision model, then "say hi"
 *   transcribe  /transcribe of a 25 MB WAV; again with one upstream 503 first (a retry)
 * Run: `npm run bench:bot-rss` (or `… -- images` / `… -- transcribe`). Linux only (/proc).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, makeModel, startFakeOpenRouter } from '../fakes/openrouter.js';
import { discordBotEnv } from '../helpers/bot-env.js';

const MiB = 1024 * 1024;
const KEY = 'sk-or-v1-bench-rss-0123456789abcdef0123456789';
const root = join(import.meta.dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function status(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function idleRss(pid: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < 40; i++) {
    xs.push(status(pid).rss);
    await sleep(50);
  }
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1] as number;
}

interface Bot {
  child: ChildProcess;
  dataDir: string;
  until(text: string, ms?: number): Promise<void>;
  stop(): Promise<void>;
  remove(): void;
}

function startBot(discord: FakeDiscord, openrouter: FakeOpenRouter, env: Record<string, string> = {}): Bot {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-rss-'));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(OPENROUTER|DISCORD|SLACK|REDIS)_/.test(k)),
  );
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(root, 'adapters', 'main.ts')],
    {
      cwd,
      env: {
        ...clean,
        DATA_DIR: join(cwd, 'data'),
        LOG_LEVEL: 'info',
        ...discordBotEnv(discord, openrouter, KEY),
        DOWNLOAD_ALLOWED_HOSTS: new URL(discord.origin).host,
        DEFAULT_MODEL: 'openai/gpt-4o-mini',
        ...env,
      },
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return {
    child,
    dataDir: join(cwd, 'data'),
    async until(text, ms = 60_000) {
      const started = Date.now();
      while (!out.includes(text)) {
        if (Date.now() - started > ms) throw new Error(`no "${text}" within ${ms} ms:\n${out.slice(-3000)}`);
        await sleep(50);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
    remove() {
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

const finished = (discord: FakeDiscord, channelId: string, text?: string) =>
  discord.waitFor(
    () =>
      discord
        .messages(channelId)
        .find(
          (m) =>
            /\n-# .*gen-/.test(m.content) &&
            !JSON.stringify(m.components).includes('"stop:') &&
            (!text || m.content.includes(text)),
        ),
    240_000,
  );

/** A noise image of about `bytes` (noise neither compresses nor decodes trivially). */
async function image(format: 'png' | 'jpeg', bytes: number): Promise<Buffer> {
  const make = (side: number) => {
    const img = sharp({
      create: {
        width: side,
        height: side,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    });
    return format === 'png'
      ? img.png({ compressionLevel: 1 }).toBuffer()
      : img.jpeg({ quality: 100 }).toBuffer();
  };
  let side = format === 'png' ? 2_800 : 4_000;
  let out = await make(side);
  side = Math.floor(side * Math.sqrt(bytes / out.byteLength));
  out = await make(side);
  while (out.byteLength > 25 * MiB) {
    side = Math.floor(side * 0.99);
    out = await make(side);
  }
  return out;
}

function mb(n: number): string {
  return (n / MiB).toFixed(0);
}

async function images(): Promise<string> {
  const discord = await startFakeDiscord({ defaultTimeoutMs: 240_000 });
  const openrouter = await startFakeOpenRouter({ apiKey: KEY });
  openrouter.setModels([
    makeModel({
      id: 'openai/gpt-4o-mini',
      name: 'GPT-4o mini',
      contextLength: 128_000,
      input: ['text', 'image'],
    }),
  ]);
  const files: Buffer[] = [];
  for (let i = 0; i < 10; i++) files.push(await image(i % 2 ? 'jpeg' : 'png', 24.8 * MiB));
  const bot = startBot(discord, openrouter);
  try {
    await bot.until('discord ready');
    const pid = bot.child.pid as number;
    const idle = await idleRss(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, '5'); // VmHWM := VmRSS
    const attachments = files.map((data, i) =>
      discord.addAttachment({
        filename: `photo-${i}.${i % 2 ? 'jpg' : 'png'}`,
        contentType: i % 2 ? 'image/jpeg' : 'image/png',
        data,
      }),
    );
    let t = Date.now();
    await discord.sendMessage({ content: 'describe these ten photos', mentionsBot: true, attachments });
    const thread = await discord.waitFor(
      () => discord.threads().find((th) => String(th.name).includes('ten photos')),
      240_000,
    );
    await finished(discord, thread.id);
    const firstMs = Date.now() - t;
    const afterFirst = status(pid);
    t = Date.now();
    await discord.sendMessage({ channelId: thread.id, content: 'say hi' });
    await finished(discord, thread.id, 'say hi');
    const followMs = Date.now() - t;
    const afterFollow = status(pid);
    const bodies = openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));
    const bodyMiB = bodies.map((r) => Buffer.byteLength(JSON.stringify(r.body)) / MiB);
    await bot.stop().catch(() => undefined);
    const dbPath = join(bot.dataDir, 'switchboard.sqlite');
    let db = '(removed)';
    try {
      const hasBase64 = readFileSync(dbPath).includes('base64');
      db = `${(statSync(dbPath).size / MiB).toFixed(2)} MiB, ${hasBase64 ? 'CONTAINS' : 'holds no'} base64`;
    } catch (err) {
      db = `unreadable (${String(err)})`;
    }
    const sizes = files.map((f) => (f.byteLength / MiB).toFixed(1)).join(', ');
    return [
      `### Ten ~25 MiB images in one message, then "say hi" (${new Date().toISOString().slice(0, 10)})`,
      `images (MiB): ${sizes}`,
      '',
      '| step | bot RSS MB | peak RSS above idle MB | time s | request body MiB |',
      '| --- | --- | --- | --- | --- |',
      `| idle | ${mb(idle)} | – | – | – |`,
      `| ten images answered | ${mb(afterFirst.rss)} | ${mb(afterFirst.hwm - idle)} | ${(firstMs / 1000).toFixed(1)} | ${bodyMiB[0]?.toFixed(1)} |`,
      `| "say hi" answered | ${mb(afterFollow.rss)} | ${mb(afterFollow.hwm - idle)} | ${(followMs / 1000).toFixed(1)} | ${bodyMiB[1]?.toFixed(1)} |`,
      '',
      `SQLite file after both: ${db}`,
    ].join('\n');
  } finally {
    await bot.stop();
    bot.remove();
    await discord.close();
    await openrouter.close();
  }
}

function wav(bytes: number): Buffer {
  const rate = 16_000;
  const out = Buffer.alloc(bytes);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(bytes - 8, 4);
  out.write('WAVEfmt ', 8, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(bytes - 44, 40);
  for (let i = 44; i + 1 < bytes; i += 2) out.writeInt16LE(Math.round(Math.sin(i / 7) * 9_000), i);
  return out;
}

async function transcribeOnce(retry: boolean): Promise<string[]> {
  const discord = await startFakeDiscord({ defaultTimeoutMs: 240_000 });
  const openrouter = await startFakeOpenRouter({ apiKey: KEY });
  openrouter.setTranscript('a very long voice note');
  const size = 25_000_000;
  const data = wav(size);
  const bot = startBot(discord, openrouter, retry ? { OPENROUTER_MAX_RETRIES: '1' } : {});
  try {
    await bot.until('discord ready');
    const pid = bot.child.pid as number;
    const idle = await idleRss(pid);
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    if (retry)
      openrouter.injectFault(
        { kind: 'status', status: 503, retryAfterMs: 1 },
        { count: 1, path: '/audio/transcriptions' },
      );
    const file = discord.addAttachment({ filename: 'long.wav', contentType: 'audio/wav', data });
    const t = Date.now();
    const h = discord.slashCommand({
      name: 'transcribe',
      options: [{ name: 'file', type: 11, value: file.id }],
      attachments: { [file.id]: file },
    } as never);
    await h.waitForCallback();
    await discord.waitFor(
      () => discord.messages(discord.channelId).find((m) => m.content.includes('a very long voice note')),
      240_000,
    );
    const ms = Date.now() - t;
    const after = status(pid);
    const calls = openrouter.requests.filter((r) => r.path === '/audio/transcriptions').length;
    const peak = after.hwm - idle;
    return [
      `| 25 MB WAV${retry ? ', one 503 then a retry' : ''} | ${mb(idle)} | ${mb(peak)} | ${(peak / size).toFixed(2)}× | ${calls} | ${(ms / 1000).toFixed(1)} |`,
    ];
  } finally {
    await bot.stop();
    bot.remove();
    await discord.close();
    await openrouter.close();
  }
}

async function transcribe(): Promise<string> {
  const rows = [...(await transcribeOnce(false)), ...(await transcribeOnce(true))];
  return [
    `### /transcribe of a 25 MB file (${new Date().toISOString().slice(0, 10)})`,
    '',
    '| case | idle RSS MB | peak RSS above idle MB | peak ÷ file size | upstream calls | time s |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const which = process.argv[2];
const out: string[] = [];
if (!which || which === 'images') out.push(await images());
if (!which || which === 'transcribe') out.push(await transcribe());
console.log(`\n${out.join('\n\n')}\n`);
process.exit(0);
