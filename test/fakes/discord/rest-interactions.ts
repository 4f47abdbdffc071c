/** Interaction callback and interaction-webhook routes (no Authorization, keyed by token). */
import { apiMessage } from './builders.js';
import type { FakeGateway } from './gateway.js';
import { type Ctx, errors, json, noContent, type Reply, type Route } from './http.js';
import { createMessage, deleteMessage, editMessage, FLAG_EPHEMERAL, FLAG_LOADING } from './messages.js';
import type { FakeState, StoredInteraction, StoredMessage } from './state.js';

export interface InteractionOptions {
  /** Callbacks later than this after the interaction was sent get 10062 (Discord: 3 s). */
  callbackDeadlineMs: number;
}

export function interactionRoutes(state: FakeState, gateway: FakeGateway, opts: InteractionOptions): Route[] {
  const callback = (ctx: Ctx, [id, token]: string[]): Reply => {
    const it = state.interactions.get(token!);
    if (!it || it.id !== id || it.expired) throw errors.unknownInteraction();
    // Discord: only the first callback wins; every later one (another session's) gets 40060
    if (it.callback) throw errors.alreadyAcknowledged();
    if (ctx.at - it.sentAt > opts.callbackDeadlineMs) throw errors.unknownInteraction();
    const type = Number(ctx.body['type']);
    const data = (ctx.body['data'] ?? {}) as Record<string, unknown>;
    const bot = state.botUser;
    let message: StoredMessage | undefined;
    switch (type) {
      case 4:
        message = createMessage(state, gateway, {
          channelId: it.channelId,
          body: data,
          files: ctx.files,
          author: bot,
          webhookId: state.applicationId,
          interactionId: it.id,
          at: ctx.at,
        });
        it.originalMessageId = message.id;
        break;
      case 5: {
        const flags = (typeof data['flags'] === 'number' ? data['flags'] : 0) & FLAG_EPHEMERAL;
        message = createMessage(state, gateway, {
          channelId: it.channelId,
          body: { content: '', flags: flags | FLAG_LOADING },
          files: new Map(),
          author: bot,
          webhookId: state.applicationId,
          interactionId: it.id,
          allowEmpty: true,
          at: ctx.at,
        });
        it.originalMessageId = message.id;
        break;
      }
      case 6:
      case 7: {
        if (!it.componentMessageId) {
          throw errors.formBody('type', 'INTERACTION_RESPONSE_TYPE_INVALID', 'Invalid response type');
        }
        message = state.findMessage(it.componentMessageId);
        it.originalMessageId = it.componentMessageId;
        if (type === 7 && message) editMessage(state, gateway, message, data, ctx.files, ctx.at);
        break;
      }
      case 8:
      case 9:
      case 10:
      case 12:
        break;
      default:
        throw errors.formBody(
          'type',
          'BASE_TYPE_CHOICES',
          `Value must be one of (1, 4, 5, 6, 7, 8, 9, 10, 12).`,
        );
    }
    it.callback = { type, data: ctx.body['data'], at: ctx.at };
    if (ctx.query.get('with_response') !== 'true') return noContent;
    return json({
      interaction: {
        id: it.id,
        type: it.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: message ? (message.flags & FLAG_EPHEMERAL) !== 0 : false,
      },
      resource: { type, ...(message ? { message: apiMessage(message) } : {}) },
    });
  };

  const interactionFor = (app: string | undefined, token: string | undefined): StoredInteraction => {
    const it = token ? state.interactions.get(token) : undefined;
    if (!it || app !== state.applicationId || it.expired || !it.callback) throw errors.unknownWebhook();
    return it;
  };

  const messageFor = (it: StoredInteraction, ref: string | undefined): StoredMessage => {
    const id = ref === '@original' ? it.originalMessageId : ref;
    const m = id ? state.findMessage(id) : undefined;
    if (!m || (m.interactionId !== it.id && m.id !== it.originalMessageId)) throw errors.unknownMessage();
    return m;
  };

  const followup = (ctx: Ctx, [app, token]: string[]): Reply => {
    const it = interactionFor(app, token);
    const m = createMessage(state, gateway, {
      channelId: it.channelId,
      body: ctx.body,
      files: ctx.files,
      author: state.botUser,
      webhookId: state.applicationId,
      interactionId: it.id,
      at: ctx.at,
    });
    return ctx.query.get('wait') === 'true' ? json(apiMessage(m)) : noContent;
  };

  const getMessage = (_ctx: Ctx, [app, token, ref]: string[]): Reply =>
    json(apiMessage(messageFor(interactionFor(app, token), ref)));

  const patchMessage = (ctx: Ctx, [app, token, ref]: string[]): Reply => {
    const m = messageFor(interactionFor(app, token), ref);
    return json(apiMessage(editMessage(state, gateway, m, ctx.body, ctx.files, ctx.at)));
  };

  const deleteHookMessage = (_ctx: Ctx, [app, token, ref]: string[]): Reply => {
    deleteMessage(state, gateway, messageFor(interactionFor(app, token), ref));
    return noContent;
  };

  const seg = '([^/]+)';
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^/interactions/${seg}/${seg}/callback$`),
      auth: false,
      handler: callback,
    },
    { method: 'POST', pattern: new RegExp(`^/webhooks/${seg}/${seg}$`), auth: false, handler: followup },
    {
      method: 'GET',
      pattern: new RegExp(`^/webhooks/${seg}/${seg}/messages/${seg}$`),
      auth: false,
      handler: getMessage,
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/webhooks/${seg}/${seg}/messages/${seg}$`),
      auth: false,
      handler: patchMessage,
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`^/webhooks/${seg}/${seg}/messages/${seg}$`),
      auth: false,
      handler: deleteHookMessage,
    },
  ];
}
