/**
 * A fake Discord on 127.0.0.1 — REST (`/api/v10`), gateway (ws, JSON) and a tiny CDN on one port —
 * that the real discord.js 14 client runs against. Point the client at it with
 * `new Client({ intents, rest: { api: fake.apiUrl } })` and `client.login(fake.token)`.
 */
import { apiAttachment, apiMessage, apiRole } from './discord/builders.js';
import type { FakeGateway } from './discord/gateway.js';
import { Inbound } from './discord/inbound.js';
import type { RateLimitRule, ServedRateLimit } from './discord/rate-limits.js';
import { listen } from './discord/server.js';
import { FakeState } from './discord/state.js';
import type {
  ButtonParams,
  CommandParams,
  InteractionCallback,
  RecordedRequest,
  StoredChannel,
  StoredMessage,
  UserMessageParams,
} from './discord/types.js';
import { makeWaitFor, maxInWindow } from './discord/wait.js';

export { DEFAULT_USER_ID, DEFAULT_USER_NAME } from './discord/inbound.js';
export type { RateLimitRule, ServedRateLimit } from './discord/rate-limits.js';
export type {
  ButtonParams,
  CommandOption,
  CommandParams,
  InteractionCallback,
  RecordedRequest,
  StoredAttachment,
  StoredChannel,
  StoredCommand,
  StoredMessage,
  StoredUser,
  UserMessageParams,
} from './discord/types.js';

export type FakeApiMessage = ReturnType<typeof apiMessage>;

export interface FakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  token?: string;
  botUserName?: string;
  /** Interaction callbacks later than this get 404 Unknown interaction (Discord: 3,000 ms). */
  callbackDeadlineMs?: number;
  /** Default for `waitFor` and `waitForCallback` (5,000 ms). */
  defaultTimeoutMs?: number;
}

export interface InteractionHandle {
  id: string;
  token: string;
  sentAt: number;
  waitForCallback(timeoutMs?: number): Promise<InteractionCallback>;
}

export interface AttachmentInput {
  filename: string;
  contentType: string;
  data: Uint8Array;
  durationSecs?: number;
  waveform?: string;
}

/** An attachment as the API shows it: the stored one without its bytes. */
export type FakeAttachment = ReturnType<typeof apiAttachment>;

export interface FakeDiscord {
  /** `http://127.0.0.1:PORT/api` — give it to discord.js as `rest.api`. */
  readonly apiUrl: string;
  readonly origin: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly guildId: string;
  /** The default text channel 'general' (type 0). */
  readonly channelId: string;
  readonly requests: RecordedRequest[];
  readonly gateway: FakeGateway;
  identifyIntents(): number | undefined;
  /** Resolves once a connected client has IDENTIFYed and got READY + GUILD_CREATE. */
  waitForReady(timeoutMs?: number): Promise<void>;
  addAttachment(a: AttachmentInput): FakeAttachment;
  slashCommand(p: CommandParams): InteractionHandle;
  autocomplete(p: CommandParams): InteractionHandle;
  /** A message context menu (e.g. "Transcribe") used on a stored message. */
  messageCommand(p: Omit<CommandParams, 'options'> & { messageId: string }): InteractionHandle;
  buttonClick(p: ButtonParams): InteractionHandle;
  /** A guild role (no permissions); connected clients get GUILD_ROLE_CREATE. Returns its id. */
  createRole(name: string): string;
  sendMessage(p: UserMessageParams): Promise<FakeApiMessage>;
  expireInteraction(token: string): void;
  messages(channelId: string): StoredMessage[];
  channel(id: string): StoredChannel | undefined;
  threads(): StoredChannel[];
  edits(channelId: string): number[];
  maxEditsInWindow(channelId: string, windowMs: number): number;
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  registeredCommands(guildId?: string): unknown[];
  /** Answers matching requests 429 with Discord's rate-limit headers and body (see RateLimitRule). */
  rateLimit(rule: RateLimitRule): void;
  /** Every 429 served so far; `early` ones came before the announced reset. */
  rateLimited(): ServedRateLimit[];
  /** Drops every rule, open window and record of served 429s. */
  clearRateLimits(): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const applicationId = opts.applicationId ?? '100000000000000001';
  const botUserId = opts.botUserId ?? applicationId;
  const token = opts.token ?? 'fake-bot-token.XXXX.YYYY';
  const defaultTimeout = opts.defaultTimeoutMs ?? 5_000;
  const guildId = '200000000000000001';
  const channelId = '200000000000000002';
  const state = new FakeState(
    applicationId,
    {
      id: botUserId,
      username: opts.botUserName ?? 'switchboard',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
    },
    token,
    guildId,
    'Fake Guild',
  );
  state.channels.set(channelId, {
    id: channelId,
    type: 0,
    guild_id: guildId,
    name: 'general',
    position: 0,
    parent_id: null,
    topic: null,
    nsfw: false,
    rate_limit_per_user: 0,
    permission_overwrites: [],
    last_message_id: null,
    flags: 0,
  });
  const { gateway, origin, close } = await listen(state, {
    callbackDeadlineMs: opts.callbackDeadlineMs ?? 3_000,
  });
  const inbound = new Inbound(state, gateway, channelId);

  const waitFor = makeWaitFor(state, defaultTimeout);

  const handle = (it: { id: string; token: string; sentAt: number }): InteractionHandle => ({
    id: it.id,
    token: it.token,
    sentAt: it.sentAt,
    waitForCallback: (timeoutMs) => waitFor(() => state.interactions.get(it.token)?.callback, timeoutMs),
  });

  return {
    apiUrl: `${origin}/api`,
    origin,
    token,
    applicationId,
    botUserId,
    guildId,
    channelId,
    requests: state.requests,
    gateway,
    identifyIntents: () => gateway.lastIntents,
    waitForReady: async (timeoutMs) => {
      await waitFor(() => gateway.readySessions().length > 0, timeoutMs);
    },
    addAttachment(a) {
      const id = state.nextId();
      const url = state.putCdn('uploads', id, a.filename, a.contentType, a.data);
      return apiAttachment({
        id,
        filename: a.filename,
        size: a.data.byteLength,
        url,
        proxy_url: url,
        content_type: a.contentType,
        ...(a.durationSecs !== undefined ? { duration_secs: a.durationSecs } : {}),
        ...(a.waveform !== undefined ? { waveform: a.waveform } : {}),
        data: a.data,
      });
    },
    slashCommand: (p) => handle(inbound.slashCommand(p)),
    autocomplete: (p) => handle(inbound.autocomplete(p)),
    messageCommand: (p) => handle(inbound.messageCommand(p)),
    buttonClick: (p) => handle(inbound.buttonClick(p)),
    createRole(name) {
      const id = state.nextId();
      state.roles.set(id, { id, name });
      gateway.dispatch(
        'GUILD_ROLE_CREATE',
        { guild_id: guildId, role: apiRole(id, name, state.roles.size) },
        1,
      );
      return id;
    },
    sendMessage: async (p) => apiMessage(inbound.userMessage(p)),
    expireInteraction(tok) {
      const it = state.interactions.get(tok);
      if (!it) throw new Error(`fake discord: unknown interaction token ${tok}`);
      it.expired = true;
    },
    messages: (id) => [...state.messages(id)],
    channel: (id) => state.channels.get(id),
    threads: () =>
      [...state.channels.values()].filter((c) => c.type === 10 || c.type === 11 || c.type === 12),
    edits: (id) => [...(state.editTimes.get(id) ?? [])],
    maxEditsInWindow: (id, windowMs) => maxInWindow(state.editTimes.get(id) ?? [], windowMs),
    waitFor,
    rateLimit: (rule) => state.rateLimits.add(rule),
    rateLimited: () => [...state.rateLimits.served],
    clearRateLimits: () => state.rateLimits.clear(),
    registeredCommands: (gid) => [...(gid ? (state.guildCommands.get(gid) ?? []) : state.globalCommands)],
    close,
  };
}
