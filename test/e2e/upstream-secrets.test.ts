/**
 * Upstream text that echoes a secret (an error body repeating the Authorization header, a mid-stream
 * error naming a key) never reaches chat or the logs: the user reads the reason with the key redacted.
 */
import { describe, expect, it } from 'vitest';
import { answered, OR_KEY, visible } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const { slack, openrouter, bot, logs } = useSlackBot({ logs: true });
const FOREIGN_KEY = 'sk-or-v1-ffffeeeeddddccccbbbbaaaa99998888';

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
