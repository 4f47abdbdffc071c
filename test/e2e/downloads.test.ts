/**
 * Attachment downloads on the real clients: a file host that stalls or trickles is given up after
 * the stall timeout or the deadline, and the thread answers the next question; /stop cancels a
 * download that holds a question; a redirect to a host (or port) that is not allowed is refused
 * and says so; a Slack file link that lands on the sign-in page says so.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type Bot, isFinished, startBot } from './discord-harness.js';
import { type SlackBot, startSlackBot } from './slack-harness.js';

let openrouter: FakeOpenRouter;
/** A file host on loopback: /stall, /trickle, /redirect-to?url=…, /ok.txt */
let host: Server;
let hostAddr: string;
/** A second host that is never allowed. */
let other: Server;
let otherAddr: string;
const open = new Set<ServerResponse>();
/** Called with each response the file host starts, and again when it closes. */
let onHost: (event: 'open' | 'close') => void = () => {};

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  openrouter = await startFakeOpenRouter();
  host = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    open.add(res);
    onHost('open');
    res.on('close', () => {
      open.delete(res);
      onHost('close');
    });
    if (url.pathname === '/stall') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a'); // then nothing
    } else if (url.pathname === '/trickle') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('b'), 50);
      res.on('close', () => clearInterval(timer));
    } else if (url.pathname === '/redirect-to') {
      res.writeHead(302, { location: url.searchParams.get('url') ?? '/' }).end();
    } else res.writeHead(200, { 'content-type': 'text/plain' }).end('the real file content');
  });
  hostAddr = await listen(host);
  other = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('forbidden'));
  otherAddr = await listen(other);
});
afterAll(async () => {
  for (const res of open) res.destroy();
  for (const s of [host, other]) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await openrouter.close();
});

describe('Discord attachments from a slow or redirecting host', () => {
  let discord: FakeDiscord;
  let bot: Bot;
  beforeEach(async () => {
    openrouter.reset();
    discord = await startFakeDiscord({ defaultTimeoutMs: 10_000 });
    bot = await startBot(discord, openrouter, {
      env: {
        DOWNLOAD_ALLOWED_HOSTS: `${new URL(discord.origin).host},${hostAddr}`,
        DOWNLOAD_STALL_TIMEOUT_MS: '400',
        DOWNLOAD_DEADLINE_MS: '1500',
      },
    });
  });
  afterEach(async () => {
    await bot.stop();
    await discord.close();
  });

  /** Mentions the bot with one text file served from `url`; returns the answer thread. */
  async function askWithFile(content: string, url: string) {
    const file = {
      ...discord.addAttachment({
        filename: 'notes.txt',
        contentType: 'text/plain',
        data: new Uint8Array([1]),
      }),
      url,
    };
    await discord.sendMessage({ content, mentionsBot: true, attachments: [file] });
    return discord.waitFor(() =>
      discord.threads().find((t) => String(t.name).includes(content.slice(0, 12))),
    );
  }
  const warningIn = (threadId: string) =>
    discord.waitFor(() =>
      [...discord.messages(threadId), ...discord.messages(discord.channelId)].find((m) =>
        m.content.includes('⚠️'),
      ),
    );
  const chats = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

  it('a stalled download is given up with a clear message, and the thread answers the next question', async () => {
    const thread = await askWithFile('stalled file question', `http://${hostAddr}/stall`);
    const warning = await warningIn(thread.id);
    expect(warning.content).toContain('The download of notes.txt stalled (no data for 0.4 s)');
    expect(chats()).toHaveLength(0);
    await discord.sendMessage({ channelId: thread.id, content: 'and now without a file' });
    const answer = await discord.waitFor(() => discord.messages(thread.id).find((m) => isFinished(m)));
    expect(answer.content).toContain('and now without a file');
  });

  it('a download that trickles past the deadline is given up', async () => {
    const thread = await askWithFile('trickling file question', `http://${hostAddr}/trickle`);
    const warning = await warningIn(thread.id);
    expect(warning.content).toContain('The download of notes.txt took longer than 1.5 s');
  });

  it('a redirect to a host:port that is not allowed (same address, other port) is refused and says so', async () => {
    const away = `http://${hostAddr}/redirect-to?url=${encodeURIComponent(`http://${otherAddr}/x.txt`)}`;
    const thread = await askWithFile('redirect away question', away);
    expect((await warningIn(thread.id)).content).toContain(
      `redirects to ${otherAddr}, which is not an allowed download host, so it was not followed`,
    );
  });

  it('a redirect within the allowed hosts is followed', async () => {
    const hop = `http://${hostAddr}/redirect-to?url=${encodeURIComponent(`http://${hostAddr}/ok.txt`)}`;
    const thread = await askWithFile('redirect within question', hop);
    await discord.waitFor(() => discord.messages(thread.id).find((m) => isFinished(m)));
    expect(JSON.stringify(chats()[0]?.body)).toContain('the real file content');
  });
});

describe('/stop during a download', () => {
  let discord: FakeDiscord;
  let bot: Bot;
  beforeEach(async () => {
    openrouter.reset();
    discord = await startFakeDiscord({ defaultTimeoutMs: 10_000 });
    bot = await startBot(discord, openrouter, {
      env: { DOWNLOAD_ALLOWED_HOSTS: `${new URL(discord.origin).host},${hostAddr}` },
    });
  });
  afterEach(async () => {
    await bot.stop();
    await discord.close();
  });

  it('cancels the download that holds the question', async () => {
    const file = {
      ...discord.addAttachment({ filename: 'big.txt', contentType: 'text/plain', data: new Uint8Array([1]) }),
      url: `http://${hostAddr}/stall`,
    };
    const next = (want: 'open' | 'close') =>
      new Promise<void>((resolve) => {
        onHost = (event) => event === want && resolve();
      });
    const opened = next('open');
    await discord.sendMessage({ content: 'please read big file', mentionsBot: true, attachments: [file] });
    await opened;
    const closed = next('close');
    const stop = discord.slashCommand({ name: 'stop' });
    await stop.waitForCallback();
    await closed;
    await discord.waitFor(() =>
      discord
        .messages(discord.channelId)
        .find((m) => m.interactionId === stop.id && m.content.includes('Stopped 1 answer')),
    );
    expect(openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);
  });
});

describe('Slack: a file link that lands on the sign-in page', () => {
  let slack: FakeSlack;
  let bot: SlackBot;
  beforeEach(async () => {
    openrouter.reset();
    slack = await startFakeSlack({ defaultTimeoutMs: 10_000 });
    const alias = `localhost:${new URL(slack.origin).port}`;
    bot = await startSlackBot(slack, openrouter, { mode: 'http', env: { DOWNLOAD_ALLOWED_HOSTS: alias } });
  });
  afterEach(async () => {
    await bot.stop();
    await slack.close();
  });

  it('says Slack showed its sign-in page (no token was sent to that host), not an internal error', async () => {
    const stored = slack.addFile({ name: 'plan.txt', mimetype: 'text/plain', data: Buffer.from('the plan') });
    const viaAlias = (u: string | undefined) => (u ?? '').replace('127.0.0.1', 'localhost');
    const file = {
      ...stored,
      url_private_download: viaAlias(stored.url_private_download),
      url_private: viaAlias(stored.url_private),
    };
    const asked = slack.mention({ text: 'read my plan', files: [file] });
    await bot.send(asked);
    const warning = await slack.waitFor(() =>
      [...slack.messages(slack.channelId, asked.ts), ...slack.messages(slack.channelId)].find(
        (m) => m.isBot && m.text.includes('⚠️'),
      ),
    );
    expect(warning.text).toContain('Slack answered with its sign-in page instead of plan.txt');
    expect(warning.text).not.toContain('Something went wrong');
  });
});
