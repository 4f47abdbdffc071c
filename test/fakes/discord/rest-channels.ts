/** Bot-authorized channel routes: messages, typing, threads. */
import { apiChannel, apiMessage } from './builders.js';
import type { FakeGateway } from './gateway.js';
import { type Ctx, errors, HttpError, json, noContent, type Reply, type Route } from './http.js';
import { createMessage, deleteMessage, editMessage } from './messages.js';
import type { FakeState, StoredChannel } from './state.js';

const FLAG_HAS_THREAD = 32;
const TEXT_TYPES = new Set([0, 1, 5, 10, 11, 12]);
/** "The past few minutes" of Discord's nonce check. */
const NONCE_WINDOW_MS = 5 * 60_000;

export function channelRoutes(state: FakeState, gateway: FakeGateway): Route[] {
  const channelOf = (id: string | undefined): StoredChannel => {
    const ch = id ? state.channels.get(id) : undefined;
    if (!ch) throw errors.unknownChannel();
    return ch;
  };
  const messageOf = (channelId: string | undefined, messageId: string | undefined) => {
    channelOf(channelId);
    const m = state.messages(channelId!).find((x) => x.id === messageId);
    if (!m) throw errors.unknownMessage();
    return m;
  };

  const createThread = (ctx: Ctx, parent: StoredChannel, messageId?: string): Reply => {
    if (parent.type !== 0 && parent.type !== 5) {
      throw errors.formBody('type', 'CHANNEL_TYPE_INVALID', 'Cannot create a thread in this channel type');
    }
    const name = ctx.body['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > 100) {
      throw errors.formBody('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    let id = state.nextId();
    if (messageId) {
      const starter = messageOf(parent.id, messageId);
      if (state.channels.has(messageId)) {
        throw new HttpError(400, {
          message: 'A thread has already been created for this message',
          code: 160004,
        });
      }
      starter.flags |= FLAG_HAS_THREAD;
      id = messageId;
    }
    const archive = Number(ctx.body['auto_archive_duration'] ?? 4320);
    const now = new Date(ctx.at).toISOString();
    const thread: StoredChannel = {
      id,
      type: messageId ? (parent.type === 5 ? 10 : 11) : Number(ctx.body['type'] ?? 11),
      guild_id: parent.guild_id!,
      parent_id: parent.id,
      owner_id: state.botUser.id,
      name,
      last_message_id: null,
      rate_limit_per_user: Number(ctx.body['rate_limit_per_user'] ?? 0),
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: archive,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
    };
    state.channels.set(thread.id, thread);
    const member = { id: thread.id, user_id: state.botUser.id, join_timestamp: now, flags: 0 };
    gateway.dispatch('THREAD_CREATE', { ...apiChannel(thread), newly_created: true, member }, 1 << 0);
    return json({ ...apiChannel(thread), member }, 201);
  };

  const seg = '([^/]+)';
  const r = (method: string, path: string, handler: Route['handler']): Route => ({
    method,
    pattern: new RegExp(`^${path.replaceAll(':id', seg)}$`),
    auth: true,
    handler,
  });

  return [
    r('GET', '/channels/:id', (_ctx, [id]) => json(apiChannel(channelOf(id)))),
    r('POST', '/channels/:id/typing', (_ctx, [id]) => {
      channelOf(id);
      return noContent;
    }),
    r('GET', '/channels/:id/messages', (ctx, [id]) => {
      channelOf(id);
      const limit = Math.min(100, Number(ctx.query.get('limit') ?? 50));
      const list = [...state.messages(id!)].reverse().slice(0, limit);
      return json(list.map(apiMessage));
    }),
    r('POST', '/channels/:id/messages', (ctx, [id]) => {
      const ch = channelOf(id);
      if (!TEXT_TYPES.has(ch.type))
        throw new HttpError(400, { message: 'Cannot send messages in a non-text channel', code: 50008 });
      // Discord: with enforce_nonce, a nonce the same author used in the past few minutes returns that message
      const nonce = ctx.body['enforce_nonce'] === true ? ctx.body['nonce'] : undefined;
      const nonceKey =
        typeof nonce === 'string' || typeof nonce === 'number' ? `${state.botUser.id}:${nonce}` : '';
      const earlier = nonceKey ? state.nonces.get(nonceKey) : undefined;
      if (earlier && ctx.at - earlier.at < NONCE_WINDOW_MS)
        return json(apiMessage(messageOf(ch.id, earlier.id)));
      const m = createMessage(state, gateway, {
        channelId: ch.id,
        body: ctx.body,
        files: ctx.files,
        author: state.botUser,
        at: ctx.at,
      });
      if (nonceKey) state.nonces.set(nonceKey, { id: m.id, at: ctx.at });
      return json(apiMessage(m));
    }),
    r('GET', '/channels/:id/messages/:id', (_ctx, [cid, mid]) => json(apiMessage(messageOf(cid, mid)))),
    r('PATCH', '/channels/:id/messages/:id', (ctx, [cid, mid]) => {
      const m = messageOf(cid, mid);
      if (m.author.id !== state.botUser.id) {
        throw new HttpError(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
      }
      return json(apiMessage(editMessage(state, gateway, m, ctx.body, ctx.files, ctx.at)));
    }),
    r('DELETE', '/channels/:id/messages/:id', (_ctx, [cid, mid]) => {
      deleteMessage(state, gateway, messageOf(cid, mid));
      return noContent;
    }),
    r('POST', '/channels/:id/messages/:id/threads', (ctx, [cid, mid]) =>
      createThread(ctx, channelOf(cid), mid),
    ),
    r('POST', '/channels/:id/threads', (ctx, [cid]) => createThread(ctx, channelOf(cid))),
  ];
}
