/**
 * Upstream text that echoes a secret (an error body repeating the Authorization header, a mid-stream
 * error naming a key) never reaches chat or the logs: the user reads the reason with the key redacted.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeOpenRouter, startFakeOpenRouter } from '../fakes/openrouter.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack.js';
import { answered, OR_KEY, type SlackBot, startSlackBot, visible } from './slack-harness.js';

let slack: FakeSlack;
let openrouter: FakeOpenRouter;
let bot: SlackBot;
const logs: string[] = [];
const FOREIGN_KEY = 'sk-or-v1-ffffeeeeddddccccbbbbaaaa99998888';

beforeAll(async () => {
  openrouter = await startFakeOpenRouter({ apiKey: OR_KEY });
});
afterAll(async () => {
  await openrouter.close();
});
beforeEach(async () => {
  openrouter.reset();
  logs.length = 0;
  slack = await startFakeSlack({ defaultTimeoutMs: 10_000 });
  bot = await startSlackBot(slack, openrouter, { mode: 'http', logs });
});
afterEach(async () => {
  await bot.stop();
  await slack.close();
});

/** Asks, then waits for the ⚠️ message (in the thread or the channel) and returns all the bot showed. */
async function ask(text: string) {
  const asked = slack.mention({ text });
  await bot.send(asked);
  await answered(slack, slack.channelId, asked.ts);
  return slack.waitFor(() => {
    const all = visible([...slack.messages(slack.channelId, asked.ts), ...slack.messages(slack.channelId)]);
    return all.includes('⚠️') ? all : undefined;
  });
}

describe('secrets in upstream text', () => {
  it('a 400 whose body echoes the bearer key shows the reason, never the key', async () => {
    openrouter.injectFault(
      { kind: 'status', status: 400, message: `Bad request from Bearer ${OR_KEY} (header rejected)` },
      { count: 1, path: '/chat/completions' },
    );
    const shown = await ask('echo my key please');
    expect(shown).toContain('Bad request from Bearer');
    expect(shown).not.toContain(OR_KEY);
    expect(shown).not.toMatch(/sk-or-v1-/);
    expect(logs.join('\n')).toContain('Bad request from Bearer');
    expect(logs.join('\n')).not.toContain(OR_KEY);
  });

  it('a mid-stream error naming another key is redacted too', async () => {
    openrouter.queueReply({ text: 'some words before the failure', chunkSize: 4 });
    openrouter.injectFault(
      { kind: 'mid-stream-error', afterChunks: 2, message: `provider rejected key ${FOREIGN_KEY}` },
      { count: 1 },
    );
    const shown = await ask('break with a key');
    expect(shown).toContain('provider rejected key');
    expect(shown).not.toContain(FOREIGN_KEY);
    expect(logs.join('\n')).not.toContain(FOREIGN_KEY);
  });
});
