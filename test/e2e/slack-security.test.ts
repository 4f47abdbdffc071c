/**
 * Slack trust boundaries: forged or stale requests are refused with 401 and nothing runs; the bot
 * token travels only to the fake Slack's own host (Web API and file host), never to another host
 * files are allowed from, nor to OpenRouter.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { answered, isFinished } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

let other: Server;
let otherHost: string;
const otherRequests: Array<{ url: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  other = createServer((req, res) => {
    otherRequests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('numbers from elsewhere: 42');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  other.closeAllConnections();
  await new Promise<void>((resolve) => other.close(() => resolve()));
});
const { slack, openrouter, bot, start } = useSlackBot({
  setUp: () => {
    otherRequests.length = 0;
  },
  autoStart: false,
});
// the other server's address is known once beforeAll ran
beforeEach(async () => {
  await start({ env: { DOWNLOAD_ALLOWED_HOSTS: otherHost } });
});

const chatRequests = () => openrouter.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('Slack request signing', () => {
  it.each([
    ['a bad signature', { badSignature: true }],
    ['a stale timestamp', { stale: true }],
    ['no signature', { unsigned: true }],
  ])('rejects %s with 401 and runs nothing', async (_, opts) => {
    const before = slack.calls().length;
    const forged = slack.mention({ text: 'forged question' });
    const results = await bot.send(forged, opts);
    expect(results.map((r) => r.status)).toEqual([401, 401]);
    const slash = await bot.send(slack.slash({ text: 'chat prompt:"forged slash"' }), opts);
    expect(slash[0]?.status).toBe(401);
    // a genuine request afterwards is answered, and it is the only thing that ran
    const real = slack.mention({ text: 'genuine question' });
    await bot.send(real);
    await answered(slack, slack.channelId, real.ts);
    expect(chatRequests()).toHaveLength(1);
    expect(JSON.stringify(chatRequests()[0]?.body)).toContain('genuine question');
    // every message the bot touched belongs to the genuine thread
    const touched = slack
      .calls()
      .slice(before)
      // chat.delete removes the bot's own Stop companion (gone afterwards, so it has no thread to check)
      .filter(
        (c) =>
          (c.method.startsWith('chat.') && c.method !== 'chat.delete') || c.method.startsWith('assistant.'),
      )
      .map((c) =>
        typeof c.params.ts === 'string'
          ? slack.find(String(c.params.channel), c.params.ts)?.thread_ts
          : c.params.thread_ts,
      );
    expect(touched.length).toBeGreaterThan(0);
    expect(new Set(touched)).toEqual(new Set([real.ts]));
    expect(slack.messages(slack.channelId, forged.ts).filter((m) => m.isBot)).toEqual([]);
  });
});

describe('the bot token', () => {
  it('goes only to the fake Slack host: Web API and file downloads, not other hosts or OpenRouter', async () => {
    const notes = slack.addFile({
      name: 'notes.txt',
      mimetype: 'text/plain',
      data: Buffer.from('secret plan: ship it'),
    });
    const foreign = {
      ...slack.addFile({ name: 'other.txt', mimetype: 'text/plain', data: Buffer.from('unused') }),
      url_private_download: `http://${otherHost}/files/other.txt`,
      url_private: `http://${otherHost}/files/other.txt`,
    };
    const asked = slack.mention({ text: 'read these files', files: [notes, foreign] });
    await bot.send(asked);
    const bots = await answered(slack, slack.channelId, asked.ts);
    expect(bots.some(isFinished)).toBe(true);
    const prompt = JSON.stringify(chatRequests()[0]?.body);
    expect(prompt).toContain('secret plan: ship it');
    expect(prompt).toContain('numbers from elsewhere: 42');
    // the foreign host was asked, without any credentials
    expect(otherRequests).toEqual([{ url: '/files/other.txt', authorization: undefined }]);
    // the fake's file host got the token (and would have shown the sign-in page without it)
    expect(slack.fileRequests().map((r) => [r.authorization, r.served])).toEqual([
      [`Bearer ${slack.botToken}`, true],
    ]);
    // every Web API call carried the bot token in the header, and nothing else did
    const auths = new Set(slack.calls().map((c) => c.authorization));
    expect([...auths]).toEqual([`Bearer ${slack.botToken}`]);
    for (const r of openrouter.requests) expect(JSON.stringify(r)).not.toContain(slack.botToken);
  });
});
