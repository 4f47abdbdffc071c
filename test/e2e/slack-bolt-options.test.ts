/**
 * How the adapter sets Bolt up, seen from an event's context: Bolt's per-event conversation store is
 * off (the bot keeps its own histories; Bolt's default store threw and caught an Error on every
 * event it had nothing for).
 */
import { expect, it } from 'vitest';
import { answered } from './slack-harness.js';
import { useSlackBot } from './use-slack-bot.js';

const { slack, bot } = useSlackBot();

it('Bolt loads no conversation context for events, and the mention is still answered', async () => {
  const contexts: Array<Record<string, unknown>> = [];
  bot.bolt.use(async ({ context, next }) => {
    contexts.push({ ...context });
    await next();
  });
  const asked = slack.mention({ text: 'hello' });
  await bot.send(asked);
  const bots = await answered(slack, slack.channelId, asked.ts);
  expect(bots.length).toBeGreaterThan(0);
  expect(contexts.length).toBeGreaterThan(0);
  for (const context of contexts) {
    expect(context.updateConversation).toBeUndefined();
    expect(context).not.toHaveProperty('conversation');
  }
});
