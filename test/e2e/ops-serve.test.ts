/**
 * The ops endpoints and the graceful drain of a real bot process serving Discord and Slack against
 * the fakes: /metrics agrees with what the fakes saw; SIGTERM with answers streaming on both
 * platforms turns readiness to 503 at once, refuses new work with a message, lets a short answer
 * finish, interrupts the held ones with a final note that stays in the history, closes the store
 * last and exits 0; a second signal exits at once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord.js';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { type BotProcess, cleanUpBots, opsPort, sample, startBot } from './bot-process.js';

const KEY = 'sk-or-v1-ops-serve-0123456789abcdef';
const INTERRUPTED = '(interrupted: the bot is restarting)';
let openrouter: FakeOpenRouter;
let discord: FakeDiscord;
let slack: FakeSlack;

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: KEY });
});
afterAll(async () => {
  await openrouter.close();
});
afterEach(async () => {
  cleanUpBots();
  openrouter.reset();
  await discord?.close();
  await slack?.close();
});

async function startBoth(env: Record<string, string> = {}): Promise<{ bot: BotProcess; ops: string }> {
  discord = await startFakeDiscord({ defaultTimeoutMs: 20_000 });
  slack = await startFakeSlack({ defaultTimeoutMs: 20_000 });
  const bot = startBot({
    OPENROUTER_API_KEY: KEY,
    OPENROUTER_BASE_URL: openrouter.baseUrl,
    DISCORD_TOKEN: discord.token,
    DISCORD_APPLICATION_ID: discord.applicationId,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken,
    SLACK_API_URL: slack.apiUrl,
    SLACK_STREAMING: 'update',
    STREAM_EDIT_INTERVAL_MS: '100',
    OPS_PORT: '0',
    OPS_HOST: '127.0.0.1',
    ...env,
  });
  const port = await opsPort(bot);
  await bot.until('discord ready');
  await bot.until('slack ready');
  await slack.waitForSocket();
  return { bot, ops: `http://127.0.0.1:${port}` };
}

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
};

const discordText = (channelId: string) =>
  discord
    .messages(channelId)
    .map((m) => m.content)
    .join('\n');
const slackText = (ts: string) =>
  slack
    .messages(slack.channelId, ts)
    .filter((m) => m.isBot)
    .map((m) => m.text)
    .join('\n');

describe('ops endpoints', { timeout: 60_000 }, () => {
  it('answer /livez and /readyz, and /metrics counts what the fakes saw', async () => {
    const { bot, ops } = await startBoth();
    expect(await get(`${ops}/livez`)).toEqual({ status: 200, text: 'ok\n' });
    const ready = await get(`${ops}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toMatchObject({
      ready: true,
      store: true,
      platforms: { discord: true, slack: true },
    });

    // Discord: one /chat whose first attempt OpenRouter refuses with 429 (retried by our client)
    openrouter.injectFault({ kind: 'status', status: 429, retryAfterMs: 10 }, { path: '/chat/completions' });
    openrouter.queueReply({
      text: 'First answer.',
      usage: { prompt_tokens: 11, completion_tokens: 7, cost: 0.25 },
    });
    const cmd = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'count me' }],
    });
    expect((await cmd.waitForCallback()).type).toBe(4);
    const thread = await discord.waitFor(() => discord.threads()[0]);
    await discord.waitFor(() => discordText(thread.id).includes('$0.250'));

    // Slack: one mention, delivered twice (Slack's retry): answered once, counted as deduplicated
    openrouter.queueReply({
      text: 'Second answer.',
      usage: { prompt_tokens: 5, completion_tokens: 3, cost: 0.125 },
    });
    const asked = slack.mention({ text: 'count me too' });
    await slack.send(asked);
    await slack.send(asked, { retry: { num: 1, reason: 'timeout' } });
    await slack.waitFor(() => slackText(asked.ts as string).includes('$0.125'));
    await bot.until('"usage recorded"', 20_000, 2);
    // Slack: one slash command (acknowledged by our listener), its reply refused once with a 429
    slack.rateLimit('chat.postEphemeral', { count: 1, retryAfterSec: 1 });
    await slack.send(slack.slash({ text: 'help' }));
    await slack.waitFor(() => slack.calls('chat.postEphemeral').some((c) => c.ok));

    const metrics = await get(`${ops}/metrics`);
    expect(metrics.status).toBe(200);
    const m = metrics.text;
    const s = (series: string, labels?: Record<string, string>) => sample(m, `switchboard_${series}`, labels);
    // events in: what the fakes delivered
    expect(s('events_in_total', { platform: 'discord', kind: 'command' })).toBe(1);
    expect(s('events_in_total', { platform: 'slack', kind: 'app_mention' })).toBe(2);
    expect(s('events_deduplicated_total', { platform: 'slack' })).toBe(1);
    expect(s('events_in_total', { platform: 'slack', kind: 'command' })).toBe(1);
    expect(s('ack_seconds_count', { platform: 'slack' })).toBe(1);
    expect(s('rate_limited_total', { source: 'slack' })).toBe(
      slack.calls().filter((c) => c.status === 429).length,
    );
    expect(s('rate_limited_total', { source: 'slack' })).toBe(1);
    expect(s('ack_seconds_count', { platform: 'discord' })).toBe(
      discord.requests.filter((r) => /\/interactions\/\d+\/[^/]+\/callback/.test(r.path)).length,
    );
    // answers
    expect(s('answers_total', { outcome: 'started' })).toBe(2);
    expect(s('answers_total', { outcome: 'finished' })).toBe(2);
    expect(s('answer_first_token_seconds_count')).toBe(2);
    expect(s('answer_final_edit_seconds_count')).toBe(2);
    expect(s('active_streams')).toBe(0);
    // OpenRouter: every attempt the fake saw, by operation and status
    expect(s('openrouter_requests_total', { operation: 'chat.completions', status: '429' })).toBe(1);
    expect(s('openrouter_requests_total', { operation: 'chat.completions', status: '200' })).toBe(2);
    expect(s('openrouter_requests_total', { operation: 'chat.completions' })).toBe(
      openrouter.count('/chat/completions'),
    );
    expect(s('openrouter_requests_total', { operation: 'models' })).toBe(openrouter.count('/models'));
    expect(s('openrouter_request_seconds_count', { operation: 'chat.completions' })).toBe(3);
    expect(s('rate_limited_total', { source: 'openrouter' })).toBe(1);
    // tokens and cost: what the fake billed
    expect(s('tokens_total', { type: 'prompt' })).toBe(16);
    expect(s('tokens_total', { type: 'completion' })).toBe(10);
    expect(s('cost_usd_total')).toBeCloseTo(0.375, 10);
    expect(s('cost_usd_total', { model: 'openai/gpt-4o-mini' })).toBeCloseTo(0.375, 10);
    expect(s('store_errors_total')).toBe(0);
    expect(s('queue_depth', { queue: 'video' })).toBe(0);
    expect(s('process_resident_memory_bytes')).toBeGreaterThan(0);
    // bounded labels: no user or channel ids anywhere
    for (const id of [slack.userId, slack.channelId, thread.id]) expect(m).not.toContain(id);
  });
});

describe('graceful drain', { timeout: 90_000 }, () => {
  it('on SIGTERM: 503 at once, new work refused, answers finished or interrupted and kept, store last, exit 0', async () => {
    const { bot, ops } = await startBoth({ SHUTDOWN_TIMEOUT_MS: '10000', SLACK_STREAMING: 'native' });
    // two answers held after their first words, one per platform …
    openrouter.queueReply({ text: 'Kept on discord.', chunkSize: 16, hold: true });
    const held = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'hold on' }],
    });
    await held.waitForCallback();
    const heldThread = await discord.waitFor(() => discord.threads()[0]);
    await discord.waitFor(() => discordText(heldThread.id).includes('Kept on discord.'));
    openrouter.queueReply({ text: 'Kept on slack.', chunkSize: 14, hold: true });
    const asked = slack.mention({ text: 'hold on too' });
    await slack.send(asked);
    await slack.waitFor(() => slackText(asked.ts as string).includes('Kept on slack.'));
    // … and a short one still streaming when the signal comes
    openrouter.queueReply({ text: 'Finished during the drain.', chunkSize: 4, chunkDelayMs: 100 });
    const short = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'be quick' }],
    });
    await short.waitForCallback();
    await openrouter.waitForRequest((r) => JSON.stringify(r.body ?? null).includes('be quick'));

    bot.child.kill('SIGTERM');
    await bot.until('shutdown: taking no new work');
    const readyz = await get(`${ops}/readyz`);
    expect(readyz.status).toBe(503);
    expect(JSON.parse(readyz.text)).toMatchObject({ ready: false, shuttingDown: true });
    expect((await get(`${ops}/livez`)).status).toBe(200);

    // new work is refused with a clear message, and never reaches OpenRouter
    const late = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'too late' }],
    });
    await late.waitForCallback();
    await discord.waitFor(() => discordText(discord.channelId).includes('restarting'));

    expect(await bot.exited).toBe(0);
    const shortThread = discord
      .threads()
      .find((t) => discordText(t.id).includes('Finished during the drain.'));
    expect(shortThread).toBeDefined();
    expect(discordText(shortThread?.id as string)).not.toContain(INTERRUPTED);
    expect(discordText(heldThread.id)).toContain(`Kept on discord.\n\n_${INTERRUPTED}_`);
    expect(slackText(asked.ts as string)).toContain('Kept on slack.');
    expect(slackText(asked.ts as string)).toContain(INTERRUPTED);
    expect(slack.calls('chat.startStream').length).toBeGreaterThan(0); // Slack's native streaming
    expect(openrouter.requests.some((r) => JSON.stringify(r.body ?? null).includes('too late'))).toBe(false);
    expect(openrouter.requests.filter((r) => r.clientClosedEarly)).toHaveLength(2);
    // the closers ran in order, the store last
    const closed = bot
      .logs()
      .filter((l) => l.msg === 'shutdown: closed')
      .map((l) => l.part);
    expect(closed).toEqual(['app', 'discord', 'slack', 'ops endpoints', 'state store']);
    for (const secret of [KEY, discord.token, slack.botToken, slack.appToken])
      expect(bot.output()).not.toContain(secret);

    // the interrupted answer is in the history: a restarted bot sends it with the next question
    const again = startBot(
      {
        OPENROUTER_API_KEY: KEY,
        OPENROUTER_BASE_URL: openrouter.baseUrl,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
      },
      { cwd: bot.cwd },
    );
    await again.until('discord ready');
    await discord.sendMessage({ channelId: heldThread.id, content: 'and then?' });
    const next = await openrouter.waitForRequest(
      (r) => JSON.stringify(r.body ?? null).includes('and then?'),
      20_000,
    );
    const turns = (next.body as { messages: Array<{ role: string; content: unknown }> }).messages;
    expect(
      turns.find((t) => t.role === 'assistant' && JSON.stringify(t.content).includes('Kept on discord.')),
    ).toBeDefined();
  });

  it('a second signal exits at once, without waiting for the drain', async () => {
    const { bot } = await startBoth({ SHUTDOWN_TIMEOUT_MS: '60000' });
    openrouter.queueReply({ text: 'Never finished.', chunkSize: 15, hold: true });
    const held = discord.slashCommand({
      name: 'chat',
      options: [{ name: 'prompt', type: 3, value: 'hold' }],
    });
    await held.waitForCallback();
    const thread = await discord.waitFor(() => discord.threads()[0]);
    await discord.waitFor(() => discordText(thread.id).includes('Never finished.'));
    bot.child.kill('SIGTERM');
    await bot.until('shutdown: taking no new work');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(143);
    expect(bot.output()).toContain('second stop signal: exiting now');
  });
});
