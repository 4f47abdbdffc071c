import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discordPlace } from '../../adapters/discord/place.js';
import { slackPlace } from '../../adapters/slack/place.js';
import type { App } from '../../src/app/create-app.js';
import type { Invocation } from '../../src/command-model/command-types.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { createFakeSurface } from '../fakes/surface.js';
import { createTestApp } from '../helpers/test-app.js';

const KEY = 'sk-or-v1-error-messages-0123456789abcdef';
let fake: FakeOpenRouter;
let app: App;

beforeAll(async () => {
  fake = await startFakeOpenRouter({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  ({ app } = createTestApp({
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: fake.baseUrl,
    OPENROUTER_MAX_RETRIES: '0',
  }));
});
afterEach(async () => {
  await app.close();
});

const ANN = { id: 'U1', name: 'Ann', isAdmin: false };
const ADMIN = { id: 'U0', name: 'Ada', isAdmin: true };
const inv = (command: string, patch: Partial<Invocation> = {}): Invocation => ({
  platform: 'discord',
  command,
  user: ANN,
  channelId: 'C1',
  serverId: 'G1',
  ...patch,
});

/** Runs `/command [sub]` with raw options and returns the outcome code and all the user sees. */
async function run(command: string, raw: Record<string, unknown> = {}, patch: Partial<Invocation> = {}) {
  const [name = '', sub] = command.split(' ');
  const surface = createFakeSurface();
  const invocation = inv(name, { ...(sub ? { subcommand: sub } : {}), ...patch });
  const outcome = await app.dispatcher.dispatchCommand(invocation, raw, surface);
  return { code: outcome.code, text: surface.visibleText() };
}
const upstream = (method: string, suffix: string) =>
  fake.requests.filter((r) => r.method === method && r.path.endsWith(suffix));
const permits = async () =>
  (await app.services.governance.settings.get({ platform: 'discord', serverId: 'G1' })).permits;

describe('error messages users see', () => {
  it('Regenerate with no question in the conversation says so and asks nothing upstream', async () => {
    const surface = createFakeSurface();
    const out = await app.dispatcher.dispatchButton(inv('button'), 'regenerate:x', surface);
    expect(out.code).toBe('INPUT.NOTHING_TO_REGENERATE');
    expect(surface.visibleText()).toBe('⚠️ There is no question here to answer again.');
    expect(upstream('POST', '/chat/completions')).toHaveLength(0);
  });

  it('/model info with an id that is not author/slug explains the form, before any lookup', async () => {
    const r = await run('model info', { id: 'gpt-4o-mini' });
    expect(r).toEqual({
      code: 'INPUT.BAD_MODEL_ID',
      text: '⚠️ `gpt-4o-mini` is not a model id: write it as author/slug, e.g. openai/gpt-4o-mini.',
    });
    expect(fake.requests).toEqual([]); // no GET /model/…, /models/…/endpoints or /endpoints/zdr
  });

  it('/model set and reset for a channel or the server are for admins only', async () => {
    const channel = await run('model set', { model: 'openai/gpt-4o-mini', scope: 'channel' });
    expect(channel).toEqual({
      code: 'POLICY.ADMIN_ONLY',
      text: '⚠️ Only admins can change the channel default. Use scope:me for your own.',
    });
    const server = await run('model reset', { scope: 'server' });
    expect(server.text).toBe('⚠️ Only admins can change the server default. Use scope:me for your own.');
    const shown = await run('model show');
    expect(shown.text).toBe('Model here: `openai/gpt-4o-mini` (the bot’s default).');
  });

  it('/model set scope:server in a DM says there is no server', async () => {
    const dm = { user: ADMIN, serverId: undefined, channelId: 'D1' } as Partial<Invocation>;
    const r = await run('model set', { model: 'openai/gpt-4o-mini', scope: 'server' }, dm);
    expect(r).toEqual({
      code: 'INPUT.NO_SERVER',
      text: '⚠️ There is no server here (this is a DM). Use scope:me.',
    });
    expect((await run('model show', {}, dm)).text).toContain('(the bot’s default)');
  });

  it('/usage user: with something that is no id or mention', async () => {
    const r = await run('usage', { user: 'bob smith' });
    expect(r).toEqual({ code: 'INPUT.INVALID_ID', text: '⚠️ `bob smith` is not a user id or mention.' });
  });

  it('/config budget target: with something that is no id or mention, and nothing is set', async () => {
    const raw = { scope: 'user', period: 'day', usd: 2, target: '@bob' };
    const r = await run('config budget', raw, { user: ADMIN });
    expect(r).toEqual({
      code: 'INPUT.INVALID_ID',
      text: '⚠️ `@bob` is not a user or channel id or mention.',
    });
    const g = await app.services.governance.settings.get({ platform: 'discord', serverId: 'G1' });
    expect(g.budgets.users).toEqual({});
    expect(g.budgets.user).toBeUndefined();
  });

  it('/config permit names the token that is no id, in the words the adapter declares, and changes nothing', async () => {
    const discord = await run(
      'config permit',
      { command: 'chat', ids: '<@U9> @bob' },
      { user: ADMIN, place: discordPlace('G1') },
    );
    expect(discord).toEqual({
      code: 'INPUT.INVALID_ID',
      text: '⚠️ `@bob` is not a role or user id or mention. Mention them (@name, #channel) or paste their ids.',
    });
    const slack = await run(
      'config permit',
      { command: 'chat', ids: 'U9 #general' },
      { user: ADMIN, platform: 'slack', place: slackPlace('C1') },
    );
    expect(slack.text).toBe(
      '⚠️ `#general` is not a user or user group id or mention. Mention them (@name, #channel) or paste their ids.',
    );
    expect(await permits()).toEqual({});
  });

  it('/config permit with an unknown command lists the names that can be used', async () => {
    const r = await run('config permit', { command: '/Chatt', ids: 'U9' }, { user: ADMIN });
    expect(r.code).toBe('INPUT.UNKNOWN_COMMAND');
    expect(r.text).toBe(
      '⚠️ There is no command `chatt`. Use one of: chat, model, stop, transcribe, speak, config, usage, ' +
        'video, imagine, models, providers, zdr, generation, kb (or `group subcommand`).',
    );
    expect(await permits()).toEqual({});
    const ok = await run('config permit', { command: 'model set', ids: 'U9' }, { user: ADMIN });
    expect(ok.text).toContain('`/model set` is now open to admins and `U9` only.');
  });

  it('/kb forget with both id and all:true asks for one of them', async () => {
    const r = await run('kb forget', { id: 'n1', all: true });
    expect(r).toEqual({ code: 'INPUT.FORGET_BOTH', text: '⚠️ Give either `id` or `all:true`, not both.' });
    expect(fake.requests).toEqual([]); // no embeddings, nothing forgotten
  });

  it('a channel an admin switched off refuses with the reason and the way out, before anything is sent', async () => {
    const set = await run('config channels', { mode: 'deny' }, { user: ADMIN });
    expect(set.text).toContain('Switchboard no longer answers in <#C1>');
    const r = await run('chat', { prompt: 'hello' });
    expect(r).toEqual({
      code: 'POLICY.CHANNEL_DENIED',
      text: '⚠️ An admin switched Switchboard off in this channel. Use it in another channel, or ask an admin (`/config channels`).',
    });
    expect(upstream('POST', '/chat/completions')).toHaveLength(0);
    const [audit] = await app.services.governance.audit.recent({ platform: 'discord', serverId: 'G1' });
    expect(audit).toMatchObject({ kind: 'refused', code: 'POLICY.CHANNEL_DENIED', command: 'chat' });
    expect((await run('model show', {}, { channelId: 'C2' })).code).toBeUndefined(); // other channels work
  });
});
