/**
 * A fake Slack on 127.0.0.1 — Web API (`/api/<method>`), file host, upload URLs, response_urls and
 * Socket Mode on one port — that the real @slack/bolt App (web-api WebClient, socket-mode client)
 * runs against. Point Bolt at it with `clientOptions: { slackApiUrl: fake.apiUrl }` (and, for
 * Socket Mode, `installerOptions: { clientOptions }` too); deliver events with `fake.send(...)`.
 */

import type { FakeSlack, FakeSlackOptions } from './slack/api.js';
import { buildDm, buildMention, buildMessage, DEFAULT_CHANNEL, DEFAULT_USER } from './slack/builders.js';
import { buildClick, buildShortcut, buildSlash } from './slack/builders-interactive.js';
import { sendHttp, sendSocket } from './slack/deliver.js';
import { buildBotEcho, envelope } from './slack/envelope.js';
import { listen } from './slack/server.js';
import { SlackState } from './slack/state.js';
import type { SendResult } from './slack/types.js';
import { messagesOf, viewOf } from './slack/view.js';
import { makeWaitFor } from './slack/wait.js';
import { registerFile } from './slack/web-files.js';

export type { FakeSlack, FakeSlackOptions } from './slack/api.js';
export { DEFAULT_CHANNEL, DEFAULT_USER, dmChannel, type MessageInput } from './slack/builders.js';
export type { ClickInput, SlashInput } from './slack/builders-interactive.js';
export { slackSignature } from './slack/deliver.js';
export type * from './slack/types.js';
export type { MessageView } from './slack/view.js';

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const state = new SlackState(
    {
      teamId: 'T0FAKETEAM',
      teamDomain: 'fake-team',
      appId: 'A0FAKEAPP1',
      botUserId: 'U0FAKEBOT1',
      botId: 'B0FAKEBOT1',
      botToken: opts.botToken ?? 'xoxb-1111-2222-fakebottoken',
      appToken: opts.appToken ?? 'xapp-1-A0FAKEAPP1-3333-fakeapptoken',
      signingSecret: opts.signingSecret ?? 'fake-signing-secret-0123456789abcdef',
      verificationToken: 'fakeverificationtoken',
    },
    { textLimit: opts.textLimit ?? 4_000, streamLifetimeMs: opts.streamLifetimeMs ?? 5 * 60_000 },
  );
  const { origin, socket, close } = await listen(state);
  const waitFor = makeWaitFor(state, opts.defaultTimeoutMs ?? 5_000);
  const fault = (method: string) => {
    const list = state.faults.get(method) ?? [];
    state.faults.set(method, list);
    return list;
  };
  const { id } = state;
  return {
    apiUrl: `${origin}/api/`,
    origin,
    botToken: id.botToken,
    appToken: id.appToken,
    signingSecret: id.signingSecret,
    teamId: id.teamId,
    appId: id.appId,
    botUserId: id.botUserId,
    botId: id.botId,
    channelId: DEFAULT_CHANNEL,
    userId: DEFAULT_USER,
    socket,
    calls: (method) => state.calls.filter((c) => !method || c.method === method),
    fileRequests: () => [...state.fileRequests],
    statuses: () => [...state.statuses],
    responses: () => [...state.responses],
    messages: (channel, threadTs) => messagesOf(state, channel, threadTs),
    find(channel, ts) {
      const m = state.find(channel, ts);
      return m && !m.deleted ? viewOf(state, m) : undefined;
    },
    setUser: (uid, patch) => state.user(uid, patch),
    addFile: (f) => registerFile(state, f),
    voiceClip: (data, o = {}) =>
      registerFile(state, {
        name: 'audio_message.mp4',
        title: 'audio_message.mp4',
        mimetype: o.mimetype ?? 'audio/mp4',
        data,
        subtype: 'slack_audio',
        ...(o.durationMs !== undefined ? { duration_ms: o.durationMs } : {}),
      }),
    rateLimit(method, o = {}) {
      for (let i = 0; i < (o.count ?? 1); i++)
        fault(method).push({ kind: 'ratelimit', retryAfter: o.retryAfterSec ?? 1 });
    },
    failNext(method, error, count = 1) {
      for (let i = 0; i < count; i++) fault(method).push({ error });
    },
    mention: (m) => buildMention(state, m),
    message: (m) => buildMessage(state, m),
    dm: (m) => buildDm(state, m),
    slash: (s) => buildSlash(state, s),
    clickButton: (c) => buildClick(state, c),
    shortcut: (c) => buildShortcut(state, c),
    botEcho: (channel, ts) => buildBotEcho(state, channel, ts),
    async send(what, o = {}) {
      const parts = 'inbound' in what ? what.inbound : [what];
      const results: SendResult[] = [];
      for (const inbound of parts)
        results.push(
          o.to ? await sendHttp(state, o.to, inbound, o) : await sendSocket(state, socket, inbound, o),
        );
      return results;
    },
    sendEvent: (targetUrl, event, o = {}) =>
      sendHttp(state, targetUrl, { type: 'events_api', body: envelope(state, event) }, o),
    waitFor,
    waitForSocket: async (timeoutMs) => {
      await waitFor(() => socket.openConnections().length > 0, timeoutMs);
    },
    waitForSocketsClosed: async (timeoutMs) => {
      await waitFor(() => socket.openConnections().length === 0, timeoutMs);
    },
    close,
  };
}
