/** The fake Slack driven by the real @slack/bolt 5 App, over HTTP (signed requests) and Socket Mode. */
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';

let fake: FakeSlack;
let app: App | undefined;
let seen: Array<{ kind: string; body: Record<string, unknown>; retryNum?: number }>;

beforeEach(async () => {
  fake = await startFakeSlack();
  seen = [];
});
afterEach(async () => {
  await app?.stop();
  app = undefined;
  await fake.waitForSocketsClosed();
  await fake.close();
});

function listeners(a: App) {
  a.event('app_mention', async ({ event, context, client }) => {
    seen.push({
      kind: 'app_mention',
      body: event as never,
      ...(context.retryNum ? { retryNum: context.retryNum } : {}),
    });
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: event.ts,
      text: `hi <@${event.user}>`,
    });
  });
  a.message(async ({ message }) => {
    seen.push({ kind: 'message', body: message as never });
  });
  a.command('/switchboard', async ({ ack, command, respond }) => {
    if (command.text === 'noack' && !seen.some((s) => s.kind === 'command')) {
      seen.push({ kind: 'command', body: command as never });
      return;
    }
    await ack();
    seen.push({ kind: 'command', body: command as never });
    await respond({ text: `you said ${command.text}` });
  });
  a.action(/^stop:/, async ({ ack, body }) => {
    await ack();
    seen.push({ kind: 'action', body: body as never });
  });
  return a;
}

const clientOptions = () => ({ slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

async function httpApp(): Promise<string> {
  app = listeners(
    new App({
      token: fake.botToken,
      signingSecret: fake.signingSecret,
      clientOptions: clientOptions(),
      logLevel: LogLevel.ERROR,
    }),
  );
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as { address(): { port: number } };
  // Bolt calls auth.test from its constructor, without waiting
  await fake.waitFor(() => fake.calls('auth.test').some((c) => c.ok));
  return `http://127.0.0.1:${server.address().port}/slack/events`;
}

async function socketApp(receiverOptions: { clientPingTimeout?: number } = {}): Promise<void> {
  const installerOptions = { clientOptions: clientOptions() };
  const receiver = new SocketModeReceiver({
    appToken: fake.appToken,
    installerOptions,
    logLevel: LogLevel.ERROR,
    ...receiverOptions,
  });
  app = listeners(
    new App({
      token: fake.botToken,
      socketMode: true,
      appToken: fake.appToken,
      receiver,
      clientOptions: clientOptions(),
      logLevel: LogLevel.ERROR,
    }),
  );
  await app.start();
  await fake.waitForSocket();
  await fake.waitFor(() => fake.calls('auth.test').some((c) => c.ok));
}

describe('fake Slack with Bolt over HTTP', () => {
  it('delivers a signed channel mention (app_mention + message) and sees the threaded answer', async () => {
    const to = await httpApp();
    expect(fake.calls('auth.test')).toHaveLength(1);
    const action = fake.mention({ text: 'hello there' });
    const results = await fake.send(action, { to });
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[0]?.ackMs).toBeLessThan(3_000);
    const answer = await fake.waitFor(() => fake.messages(fake.channelId, action.ts).find((m) => m.isBot));
    expect(answer.text).toBe(`hi <@${fake.userId}>`);
    expect(seen.map((s) => s.kind).sort()).toEqual(['app_mention', 'message']);
    expect(seen[0]?.body.text).toBe(`<@${fake.botUserId}> hello there`);
  });

  it('rejects a bad signature and a stale timestamp with 401; passes retry headers to the context', async () => {
    const to = await httpApp();
    const bad = await fake.send(fake.mention({ text: 'forged' }).inbound[0]!, { to, badSignature: true });
    const stale = await fake.send(fake.mention({ text: 'old' }).inbound[0]!, { to, stale: true });
    expect([bad[0]?.status, stale[0]?.status]).toEqual([401, 401]);
    expect(seen).toEqual([]);
    const first = fake.mention({ text: 'again' }).inbound[0]!;
    await fake.send(first, { to, retry: { num: 1, reason: 'http_timeout' } });
    await fake.waitFor(() => seen.length === 1);
    expect(seen[0]?.retryNum).toBe(1);
    const direct = await fake.sendEvent(to, {
      type: 'app_mention',
      user: fake.userId,
      text: 'x',
      ts: '1.000001',
      channel: fake.channelId,
    });
    expect(direct.status).toBe(200);
    await fake.waitFor(() => fake.calls('chat.postMessage').length === 2);
  });

  it('slash command form, response_url answer and a button click payload', async () => {
    const to = await httpApp();
    await fake.send(fake.slash({ text: 'help me' }), { to });
    const reply = await fake.waitFor(() =>
      fake.messages(fake.channelId).find((m) => m.via === 'response_url'),
    );
    expect(reply).toMatchObject({ text: 'you said help me', ephemeralTo: fake.userId });
    const posted = await app!.client.chat.postMessage({
      channel: fake.channelId,
      text: 'streaming',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'stop:abc',
              value: 'abc',
              text: { type: 'plain_text', text: 'Stop' },
            },
          ],
        },
      ],
    });
    await fake.send(fake.clickButton({ channel: fake.channelId, ts: posted.ts as string, button: 'Stop' }), {
      to,
    });
    const click = await fake.waitFor(() => seen.find((s) => s.kind === 'action'));
    expect(click.body).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'stop:abc', value: 'abc' }],
      channel: { id: fake.channelId },
    });
  });

  it("Bolt's ignoreSelf drops the echo of the bot's own message", async () => {
    const to = await httpApp();
    const posted = await app!.client.chat.postMessage({ channel: fake.channelId, text: 'from the bot' });
    const echo = await fake.send(fake.botEcho(fake.channelId, posted.ts as string), { to });
    expect(echo[0]?.status).toBe(200);
    await fake.send(fake.message({ text: 'from a person' }), { to });
    await fake.waitFor(() => seen.length === 1);
    expect(seen.map((s) => s.body.text)).toEqual(['from a person']);
  });
});

describe('fake Slack with Bolt in Socket Mode', () => {
  it('connects with the app token, delivers envelopes and records the acks', async () => {
    await socketApp();
    expect(fake.calls('apps.connections.open')[0]?.authorization).toBe(`Bearer ${fake.appToken}`);
    const action = fake.mention({ text: 'over the socket' });
    const results = await fake.send(action);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(fake.socket.acks.map((a) => a.envelope_id)).toEqual(results.map((r) => r.envelopeId));
    await fake.waitFor(() => fake.messages(fake.channelId, action.ts).find((m) => m.isBot));
    const [slash] = await fake.send(fake.slash({ text: 'via socket' }));
    expect(slash?.status).toBe(200);
    await fake.waitFor(() => fake.messages(fake.channelId).find((m) => m.text === 'you said via socket'));
  });

  it('redelivers an unacked envelope with retry_attempt; reconnects after a disconnect frame', async () => {
    await socketApp({ clientPingTimeout: 1_000 });
    const [first] = await fake.send(fake.slash({ text: 'noack' }), { ackTimeoutMs: 300 });
    expect(first?.status).toBe(0);
    const again = fake.socket.redeliverUnacked();
    expect(again[0]).toMatchObject({ retry_attempt: 1, retry_reason: 'timeout' });
    await fake.waitFor(() => fake.socket.ackFor(again[0]!.envelope_id));
    expect(seen.filter((s) => s.kind === 'command')).toHaveLength(2);
    fake.socket.requestDisconnect();
    await fake.waitFor(
      () => fake.socket.connections.length === 2 && fake.socket.openConnections().length === 1,
      10_000,
    );
    expect(fake.calls('apps.connections.open')).toHaveLength(2);
    const [after] = await fake.send(fake.message({ text: 'still here' }));
    expect(after?.status).toBe(200);
  });
});
