/** Gateway discovery, users, DM channels and application commands. */
import { apiChannel, apiUser } from './builders.js';
import { type Ctx, errors, json, type Reply, type Route } from './http.js';
import type { FakeState, StoredCommand } from './state.js';

export function miscRoutes(state: FakeState): Route[] {
  const gatewayBot = (): Reply =>
    json({
      url: state.origin.replace(/^http/, 'ws'),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    });

  const checkApp = (app: string | undefined) => {
    if (app !== state.applicationId && app !== '@me') throw errors.notFound();
  };

  const normalize = (
    raw: Record<string, unknown>,
    guildId: string | undefined,
    previous: StoredCommand[],
  ) => {
    const type = Number(raw['type'] ?? 1);
    const name = raw['name'];
    if (typeof name !== 'string' || name.length < 1 || name.length > 32) {
      throw errors.formBody('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
    }
    if (type === 1 && (typeof raw['description'] !== 'string' || raw['description'].length > 100)) {
      throw errors.formBody('description', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    const old = previous.find((c) => c.name === name && c.type === type);
    const cmd: StoredCommand = {
      description: '',
      options: [],
      default_member_permissions: null,
      dm_permission: true,
      nsfw: false,
      contexts: null,
      integration_types: [0],
      ...raw,
      id: old?.id ?? state.nextId(),
      application_id: state.applicationId,
      name,
      type,
      version: state.nextId(),
      ...(guildId ? { guild_id: guildId } : {}),
    };
    return cmd;
  };

  const listOf = (guildId?: string): StoredCommand[] => {
    if (!guildId) return state.globalCommands;
    let list = state.guildCommands.get(guildId);
    if (!list) {
      list = [];
      state.guildCommands.set(guildId, list);
    }
    return list;
  };

  const overwrite = (ctx: Ctx, app: string | undefined, guildId?: string): Reply => {
    checkApp(app);
    if (guildId && guildId !== state.guildId) {
      throw errors.formBody('guild_id', 'UNKNOWN_GUILD', 'Unknown Guild');
    }
    const raw = Array.isArray(ctx.body) ? ctx.body : Object.values(ctx.body);
    const list = listOf(guildId);
    const next = (raw as Record<string, unknown>[]).map((c) => normalize(c, guildId, list));
    list.splice(0, list.length, ...next);
    return json(next);
  };

  const createOne = (ctx: Ctx, app: string | undefined, guildId?: string): Reply => {
    checkApp(app);
    const list = listOf(guildId);
    const cmd = normalize(ctx.body, guildId, list);
    const at = list.findIndex((c) => c.id === cmd.id);
    if (at >= 0) list[at] = cmd;
    else list.push(cmd);
    return json(cmd, at >= 0 ? 200 : 201);
  };

  const seg = '([^/]+)';
  const r = (method: string, path: string, handler: Route['handler'], auth = true): Route => ({
    method,
    pattern: new RegExp(`^${path.replaceAll(':id', seg)}$`),
    auth,
    handler,
  });

  return [
    r('GET', '/gateway/bot', gatewayBot),
    r('GET', '/gateway', () => json({ url: state.origin.replace(/^http/, 'ws') }), false),
    r('GET', '/users/@me', () => json({ ...apiUser(state.botUser), bot: true, verified: true, flags: 0 })),
    r('GET', '/users/:id', (_ctx, [id]) => {
      const u = state.users.get(id!);
      if (!u) throw errors.notFound();
      return json(apiUser(u));
    }),
    r('POST', '/users/@me/channels', (ctx) => {
      const recipient = ctx.body['recipient_id'];
      if (typeof recipient !== 'string') {
        throw errors.formBody('recipient_id', 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      return json(apiChannel(state.dmChannelFor(recipient)));
    }),
    r('GET', '/applications/@me', () =>
      json({
        id: state.applicationId,
        name: state.botUser.username,
        flags: 0,
        bot_public: true,
        description: '',
      }),
    ),
    r('GET', '/applications/:id/commands', (_ctx, [app]) => {
      checkApp(app);
      return json(listOf());
    }),
    r('PUT', '/applications/:id/commands', (ctx, [app]) => overwrite(ctx, app)),
    r('POST', '/applications/:id/commands', (ctx, [app]) => createOne(ctx, app)),
    r('GET', '/applications/:id/guilds/:id/commands', (_ctx, [app, guild]) => {
      checkApp(app);
      return json(listOf(guild));
    }),
    r('PUT', '/applications/:id/guilds/:id/commands', (ctx, [app, guild]) => overwrite(ctx, app, guild)),
    r('POST', '/applications/:id/guilds/:id/commands', (ctx, [app, guild]) => createOne(ctx, app, guild)),
  ];
}
