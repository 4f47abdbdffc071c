/** The fake Slack Web API driven by the real @slack/web-api 8 WebClient: auth, messages, streams, files. */
import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';

let fake: FakeSlack;
let client: WebClient;

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: { data?: { error?: string } }) => e.data?.error ?? String(e),
  );

beforeAll(async () => {
  fake = await startFakeSlack({ streamLifetimeMs: 400 });
  client = new WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
});
afterAll(async () => {
  await fake.close();
});

describe('fake Slack Web API with the real WebClient', () => {
  it('auth.test answers the bot identity; bad or missing tokens are refused', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      user_id: fake.botUserId,
      bot_id: fake.botId,
      team_id: fake.teamId,
    });
    const opts = { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR };
    expect(await errorOf(new WebClient('xoxb-wrong', opts).auth.test())).toBe('invalid_auth');
    expect(await errorOf(new WebClient(undefined, opts).auth.test())).toBe('not_authed');
    expect(
      await errorOf(new WebClient(fake.appToken, opts).chat.postMessage({ channel: 'C1', text: 'x' })),
    ).toBe('not_allowed_token_type');
    expect(fake.calls('auth.test')[0]?.authorization).toBe(`Bearer ${fake.botToken}`);
    expect(fake.calls('auth.test')[0]?.contentType).toContain('application/x-www-form-urlencoded');
  });

  it('postMessage in a thread, update, ephemeral and delete show as the user sees them', async () => {
    const parent = await client.chat.postMessage({ channel: fake.channelId, text: 'parent' });
    const blocks = [
      { type: 'section', text: { type: 'mrkdwn', text: '*first*' } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'stop:1', text: { type: 'plain_text', text: 'Stop' } }],
      },
    ];
    const reply = await client.chat.postMessage({
      channel: fake.channelId,
      thread_ts: parent.ts,
      text: 'first',
      blocks,
    });
    expect(fake.calls('chat.postMessage').at(-1)?.params.blocks).toEqual(blocks); // JSON-encoded form field decoded
    await client.chat.update({
      channel: fake.channelId,
      ts: reply.ts as string,
      text: 'second',
      blocks: [blocks[0]!],
    });
    await client.chat.postEphemeral({
      channel: fake.channelId,
      thread_ts: parent.ts,
      user: fake.userId,
      text: 'psst',
    });
    const thread = fake.messages(fake.channelId, parent.ts);
    expect(thread.map((m) => m.text)).toEqual(['parent', '*first*', 'psst']);
    expect(thread[1]?.edits).toBe(1);
    expect(thread[1]?.buttons).toEqual([]);
    expect(thread[2]?.ephemeralTo).toBe(fake.userId);
    const replies = await client.conversations.replies({ channel: fake.channelId, ts: parent.ts as string });
    expect(replies.messages?.map((m) => m.text)).toEqual(['parent', 'second']);
    const history = await client.conversations.history({ channel: fake.channelId });
    expect(history.messages?.[0]).toMatchObject({ ts: parent.ts, reply_count: 1, thread_ts: parent.ts });
    const status = { channel_id: fake.channelId, thread_ts: parent.ts as string, status: 'is thinking…' };
    await client.assistant.threads.setStatus(status);
    expect(fake.statuses()).toMatchObject([status]);
    await client.chat.delete({ channel: fake.channelId, ts: reply.ts as string });
    expect(fake.messages(fake.channelId, parent.ts).map((m) => m.fallback)).toEqual(['parent', 'psst']);
    expect(await errorOf(client.chat.update({ channel: fake.channelId, ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('enforces text and block limits', async () => {
    expect(await errorOf(client.chat.postMessage({ channel: fake.channelId, text: 'x'.repeat(4001) }))).toBe(
      'msg_too_long',
    );
    await client.chat.postMessage({ channel: fake.channelId, text: 'x'.repeat(4000) });
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } };
    expect(
      await errorOf(client.chat.postMessage({ channel: fake.channelId, text: 'y', blocks: [section] })),
    ).toBe('invalid_blocks');
    expect(await errorOf(client.chat.postMessage({ channel: fake.channelId, text: '' }))).toBe('no_text');
    expect(await errorOf(client.chat.postMessage({ channel: 'not-a-channel', text: 'x' }))).toBe(
      'channel_not_found',
    );
  });

  it('streams with chatStream: assembled text, blocks at the bottom, then no more appends', async () => {
    const parent = await client.chat.postMessage({ channel: fake.channelId, text: 'question' });
    const streamer = client.chatStream({
      channel: fake.channelId,
      thread_ts: parent.ts as string,
      recipient_user_id: fake.userId,
      recipient_team_id: fake.teamId,
      buffer_size: 5,
    });
    await streamer.append({ markdown_text: 'Hello ' });
    await streamer.append({ markdown_text: '**world**' });
    const live = fake.messages(fake.channelId, parent.ts).at(-1);
    expect(live).toMatchObject({ text: 'Hello **world**', streaming: 'in_progress' });
    const footer = { type: 'context', elements: [{ type: 'mrkdwn', text: 'model · 3 tokens' }] };
    await streamer.stop({ markdown_text: '!', blocks: [footer] });
    const done = fake.messages(fake.channelId, parent.ts).at(-1);
    expect(done).toMatchObject({ text: 'Hello **world**!\nmodel · 3 tokens', streaming: 'done' });
    const ts = done?.ts as string;
    expect(
      await errorOf(client.chat.appendStream({ channel: fake.channelId, ts, markdown_text: 'more' })),
    ).toBe('message_not_in_streaming_state');
  });

  it('startStream needs thread_ts and, outside DMs, the recipient; limits and lifetime apply', async () => {
    const parent = await client.chat.postMessage({ channel: fake.channelId, text: 'q' });
    const thread_ts = parent.ts as string;
    expect(
      await errorOf(client.chat.startStream({ channel: fake.channelId, thread_ts, markdown_text: 'x' })),
    ).toBe('invalid_arguments');
    expect(
      await errorOf(client.apiCall('chat.startStream', { channel: 'D0FAKEDM01', markdown_text: 'x' })),
    ).toBe('invalid_arguments');
    const dm = await client.chat.startStream({
      channel: 'D0FAKEDM01',
      thread_ts: '1.000002',
      markdown_text: 'hi',
    });
    expect(dm.ok).toBe(true);
    const recipient = { recipient_user_id: fake.userId, recipient_team_id: fake.teamId };
    const long = { channel: fake.channelId, thread_ts, markdown_text: 'z'.repeat(12_001), ...recipient };
    expect(await errorOf(client.chat.startStream(long))).toBe('msg_too_long');
    const s = await client.chat.startStream({
      channel: fake.channelId,
      thread_ts,
      chunks: [{ type: 'markdown_text', text: 'part one' }],
      ...recipient,
    });
    await fake.waitFor(() => fake.find(fake.channelId, s.ts as string)?.streaming === 'done', 3_000);
    expect(await errorOf(client.chat.stopStream({ channel: fake.channelId, ts: s.ts as string }))).toBe(
      'message_not_in_streaming_state',
    );
    expect(fake.find(fake.channelId, s.ts as string)?.text).toBe('part one');
  });

  it('uploadV2 lands in the thread; the file host wants the bot token', async () => {
    const parent = await client.chat.postMessage({ channel: fake.channelId, text: 'files here' });
    await client.files.uploadV2({
      channel_id: fake.channelId,
      thread_ts: parent.ts as string,
      initial_comment: 'the notes',
      filename: 'notes.txt',
      content: 'hello file',
    });
    expect(
      fake
        .calls()
        .map((c) => c.method)
        .slice(-2),
    ).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    const posted = fake.messages(fake.channelId, parent.ts).at(-1);
    expect(posted?.text).toBe('the notes');
    const file = posted?.files[0];
    expect(Buffer.from(file?.data ?? []).toString()).toBe('hello file');
    const url = file?.url_private_download as string;
    const good = await fetch(url, { headers: { authorization: `Bearer ${fake.botToken}` } });
    expect(await good.text()).toBe('hello file');
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain('<!DOCTYPE html>');
    expect(fake.fileRequests().map((r) => [r.authorization, r.served])).toEqual([
      [`Bearer ${fake.botToken}`, true],
      [undefined, false],
    ]);
  });

  it('rate limits answer HTTP 429 with Retry-After', async () => {
    fake.rateLimit('chat.update', { count: 1, retryAfterSec: 7 });
    const strict = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const err = await strict.chat.update({ channel: fake.channelId, ts: '1.1', text: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
    expect(fake.calls('chat.update').at(-1)?.status).toBe(429);
    fake.failNext('users.info', 'fatal_error');
    expect(await errorOf(client.users.info({ user: fake.userId }))).toBe('fatal_error');
    fake.setUser(fake.userId, { is_admin: true, real_name: 'Ada Admin' });
    expect((await client.users.info({ user: fake.userId })).user).toMatchObject({
      is_admin: true,
      real_name: 'Ada Admin',
    });
  });
});
